using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Fixtures;

/// <summary>The committed crafted captures are exactly what <see cref="CraftedFixtures"/> builds.</summary>
public sealed class CraftedFixtureTests
{
    public static TheoryData<string> Names => [.. CraftedFixtures.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Names))]
    public void CommittedFile_EqualsBuilderOutput(string name)
    {
        string path = Path.Combine(Repository.Crafted, name);
        byte[] built = CraftedFixtures.All[name];
        if (Repository.UpdateFixtures)
        {
            Directory.CreateDirectory(Repository.Crafted);
            File.WriteAllBytes(path, built);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with UPDATE_FIXTURES=1");
        Assert.Equal(built, File.ReadAllBytes(path));
    }
}
