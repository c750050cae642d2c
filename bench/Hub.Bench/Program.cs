using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Hub.Bench.RequestPathBenchmarks).Assembly).Run(args);
