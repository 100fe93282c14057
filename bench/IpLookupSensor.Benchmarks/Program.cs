using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/IpLookupSensor.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(IpLookupSensor.Benchmarks.SeedRuleBenchmarks).Assembly).Run(args);
