namespace IpLookupSensor.Rules.Runtime;

/// <summary>A compiled test of one text value against constant strings or patterns.</summary>
internal interface ITextMatcher
{
    bool Matches(ReadOnlySpan<char> text);
}
