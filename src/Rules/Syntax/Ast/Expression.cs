namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>An immutable EQL expression node. <see cref="object.ToString"/> prints canonical EQL.</summary>
public abstract record Expression(SourcePosition Position);
