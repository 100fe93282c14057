using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- syslog-throughput URI COUNT SPOOL (bench/syslog-throughput.sh)
if (args is ["syslog-throughput", _, _, _])
{
    return IpLookupSensor.Benchmarks.SyslogThroughput.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(IpLookupSensor.Benchmarks.SeedRuleBenchmarks).Assembly).Run(args);
return 0;
