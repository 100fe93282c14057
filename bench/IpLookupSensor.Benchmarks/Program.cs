using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- syslog-throughput URI COUNT SPOOL
//     (bench/syslog-throughput.sh)
// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- dns-sender RATE SECONDS [ADDRESS] (bench/live.sh)
if (args is ["dns-sender", _, _] or ["dns-sender", _, _, _])
{
    return IpLookupSensor.Benchmarks.DnsSender.Run(args);
}

if (args is ["syslog-throughput", _, _, _])
{
    return IpLookupSensor.Benchmarks.SyslogThroughput.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(IpLookupSensor.Benchmarks.SeedRuleBenchmarks).Assembly).Run(args);
return 0;
