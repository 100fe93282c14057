namespace IpLookupSensor.Rules.Runtime;

public enum EqlValueKind : byte
{
    Null,
    Boolean,
    Integer,
    Double,
    String,
}
