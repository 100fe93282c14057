namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Minimal detection-rules TOML files for tests that need rules of their own.</summary>
internal static class TestRules
{
    public static string Write(string folder, string fileName, string name, string query)
    {
        string path = Path.Combine(folder, fileName);
        File.WriteAllText(
            path,
            $"""
            [rule]
            author = ["tests"]
            description = "A rule written by a test."
            name = "{name}"
            risk_score = 21
            rule_id = "{Guid.NewGuid()}"
            severity = "low"
            type = "eql"
            language = "eql"
            query = '''
            {query}
            '''
            """
        );
        return path;
    }

    /// <summary>A rule that looks up one name, whatever the process.</summary>
    public static string ForName(string folder, string fileName, string questionName) =>
        Write(
            folder,
            fileName,
            "lookup of " + questionName,
            $"network where dns.question.name == \"{questionName}\" and event.action == \"lookup_requested\""
        );
}
