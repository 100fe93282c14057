namespace IpLookupSensor.Rules.Syntax.Ast;

public enum LogicalOperator
{
    And,
    Or,
}
