namespace IpLookupSensor.Rules.Syntax.Ast;

public enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
