using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// The active rules, their alert throttles, and the packet-field tests that every one of them makes (the same canonical
/// EQL in each), but those compilation found always true. Such a test that fails rules out the whole set: all the
/// shipped rules ask for the same names, so most events cost one name test instead of one query per rule.
/// </summary>
internal sealed class RuleSet
{
    private readonly Conjunct<DnsEvent>[] _sharedTests;

    public RuleSet(IReadOnlyList<ActiveRule> rules)
    {
        Rules = [.. rules];
        // Throttle windows belong to the set: rules loaded once and given to two detectors (a fresh pipeline per fuzz
        // input) must not carry one's windows into the other.
        Throttles = [.. rules.Select(rule => new AlertThrottle(rule.Rule))];
        _sharedTests =
            rules.Count == 0
                ? []
                :
                [
                    .. rules[0]
                        .PacketConjuncts.Where(test =>
                            !test.AlwaysHolds
                            && rules.All(rule => rule.PacketConjuncts.Any(other => other.Text == test.Text))
                        ),
                ];
    }

    /// <summary>
    /// An array: a foreach over it allocates no enumerator (one per matching event showed up in replay's garbage).
    /// </summary>
    public ActiveRule[] Rules { get; }

    /// <summary>The throttle of each rule, at the same index.</summary>
    public AlertThrottle[] Throttles { get; }

    /// <summary>The tests every rule makes, as EQL.</summary>
    public IEnumerable<string> SharedTests => _sharedTests.Select(test => test.Text);

    /// <summary>
    /// Closes every throttle window still open, adding what each held back to <paramref name="closed"/>.
    /// </summary>
    public void FlushThrottles(List<ThrottleSummary> closed)
    {
        foreach (AlertThrottle throttle in Throttles)
        {
            throttle.Flush(closed);
        }
    }

    /// <summary>False when a test every rule makes rules the event out: no rule can match it.</summary>
    public bool AnyCanMatch(DnsEvent e)
    {
        foreach (Conjunct<DnsEvent> test in _sharedTests)
        {
            if (!test.CanMatch(e))
            {
                return false;
            }
        }

        return true;
    }
}
