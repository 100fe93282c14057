using System.Text.Json;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Detection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// Hot reload: watches the rule files and the configuration file. A change swaps the detector's rule set between
/// two events, so capture never pauses; a broken change (a rule file that no longer parses, every rule refused, a
/// bad configuration) keeps the previous rules and says why. Settings other than the rules apply at the next start.
/// </summary>
internal sealed class RuleReloadService(
    SensorRuntime runtime,
    SensorConfigurationSource configuration,
    ILogger<RuleReloadService> logger
) : IHostedService, IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(500); // editors write a file in several steps
    private FileSystemWatcher? _ruleWatcher;
    private FileSystemWatcher? _configWatcher;
    private readonly Lock _sync = new();
    private Timer? _debounce;
    private string _rules = runtime.RulesPath;
    private bool _strictNullLogic = runtime.Options.StrictNullLogic;
    private SensorOptions _options = runtime.Options;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _ruleWatcher = Watch(_rules);
        _configWatcher = configuration.ConfigFile is string file ? Watch(file) : null;

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _ruleWatcher?.Dispose();
            _configWatcher?.Dispose();
            _debounce?.Dispose();
            _debounce = null;
        }
    }

    private FileSystemWatcher Watch(string path)
    {
        string full = Path.GetFullPath(path);
        bool folder = Directory.Exists(full);
        var watcher = new FileSystemWatcher(folder ? full : Path.GetDirectoryName(full)!)
        {
            Filter = folder ? "*.toml" : Path.GetFileName(full),
            IncludeSubdirectories = folder,
            NotifyFilter =
                NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += Changed;
        watcher.Created += Changed;
        watcher.Deleted += Changed;
        watcher.Renamed += Changed;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Changed(object sender, FileSystemEventArgs e)
    {
        lock (_sync)
        {
            _debounce?.Change(s_settle, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reload()
    {
        lock (_sync)
        {
            if (_debounce is null)
            {
                return; // stopping
            }

            if (configuration.ConfigFile is not null && !ReloadConfiguration())
            {
                return;
            }

            try
            {
                IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
                    _rules,
                    _strictNullLogic,
                    line => SensorLog.Warning(logger, line)
                );
                runtime.Detector.ReplaceRules(rules);
                SensorLog.RulesReloaded(logger, rules.Count, _rules);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever is wrong with the new files, the sensor keeps running with the rules it has.
                SensorLog.RulesReloadRefused(logger, runtime.Detector.RuleCount, e.Message);
            }
        }
    }

    /// <summary>
    /// Reads the configuration again; takes its rule settings, and names the settings that need a restart.
    /// </summary>
    private bool ReloadConfiguration()
    {
        SensorOptions changed;
        try
        {
            changed = configuration.Load();
        }
        catch (UsageException e)
        {
            SensorLog.RulesReloadRefused(logger, runtime.Detector.RuleCount, e.Message);
            return false;
        }

        foreach (System.Reflection.PropertyInfo property in typeof(SensorOptions).GetProperties())
        {
            if (
                property.Name is not (nameof(SensorOptions.Rules) or nameof(SensorOptions.StrictNullLogic))
                && JsonSerializer.Serialize(property.GetValue(changed))
                    != JsonSerializer.Serialize(property.GetValue(_options))
            )
            {
                SensorLog.NeedsRestart(logger, configuration.ConfigFile!, property.Name);
            }
        }

        string rules = string.IsNullOrEmpty(changed.Rules) ? SensorRuntime.DefaultRules(changed.Mode) : changed.Rules;
        if (rules != _rules)
        {
            _ruleWatcher?.Dispose();
            _rules = rules;
            _ruleWatcher = Watch(rules);
        }

        (_strictNullLogic, _options) = (changed.StrictNullLogic, changed);
        return true;
    }
}
