package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/config"
	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/triage"
)

// selectionFlags choose rules and tune them; each mirrors a storewatch.yaml key.
func selectionFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "read settings from `FILE` (default: ./storewatch.yaml when present)", EnvVars: []string{"STOREWATCH_CONFIG"}},
		&cli.StringSliceFlag{Name: "rule", Usage: "run only the rules matching `ID` or glob (SW-LX-*); repeatable", EnvVars: []string{"STOREWATCH_RULE"}},
		&cli.StringSliceFlag{Name: "skip-rule", Usage: "never run the rules matching `ID` or glob; repeatable", EnvVars: []string{"STOREWATCH_SKIP_RULE"}},
		&cli.StringSliceFlag{Name: "service", Usage: "run only the rules of `SERVICE` (rds, s3, cloudtrail, ...); repeatable", EnvVars: []string{"STOREWATCH_SERVICE"}},
		&cli.StringSliceFlag{Name: "rule-framework", Usage: "run only the rules that map to `FRAMEWORK`; repeatable", EnvVars: []string{"STOREWATCH_RULE_FRAMEWORK"}},
		&cli.StringFlag{Name: "min-severity", Usage: "run only the rules at or above `SEVERITY`", EnvVars: []string{"STOREWATCH_MIN_SEVERITY"}},
		&cli.StringSliceFlag{Name: "severity-override", Usage: "report rule `ID=SEVERITY` at another severity; repeatable", EnvVars: []string{"STOREWATCH_SEVERITY_OVERRIDE"}},
		&cli.GenericFlag{Name: "param", Value: &paramValues{}, Usage: "set rule parameter `ID.KEY=VALUE` (VALUE is JSON or a string); repeatable [$STOREWATCH_PARAM, one per line]"},
		&cli.StringSliceFlag{Name: "policy", Usage: "add the rules in `DIR` (or a .rego file) to the built-in ones; repeatable", EnvVars: []string{"STOREWATCH_POLICY"}},
		&cli.DurationFlag{Name: "eval-timeout", Value: DefaultEvalTimeout, Usage: "stop judging after `DURATION` (a user rule that never ends); 0 for no bound", EnvVars: []string{"STOREWATCH_EVAL_TIMEOUT"}},
		&cli.StringFlag{Name: "memory-limit", Value: "4GiB", Usage: "stop judging when the heap passes `SIZE` (the snapshot included; KiB, MiB or GiB, for example 512MiB)", EnvVars: []string{"STOREWATCH_MEMORY_LIMIT"}},
	}
}

// DefaultEvalTimeout bounds an evaluation. The built-in rules judge 100,000 stores in
// seconds; the bound is for a user rule that does not end, so CI fails instead of hanging.
const DefaultEvalTimeout = 10 * time.Minute

// parseSize reads a --memory-limit value: a number of bytes with a KiB, MiB or GiB unit.
func parseSize(v string) (uint64, error) {
	units := []struct {
		suffix string
		shift  uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	for _, u := range units {
		num, ok := strings.CutSuffix(strings.TrimSpace(v), u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(num), 10, 64)
		if err != nil || n == 0 || n > math.MaxUint64>>u.shift {
			break
		}
		return n << u.shift, nil
	}
	return 0, errors.New("want a size such as 512MiB or 4GiB")
}

// givenAs names a flag's value for its error as the user gave it: a user who never typed
// --eval-timeout, because STOREWATCH_EVAL_TIMEOUT set it, looks for the flag in vain.
// fromEnv says the value is the environment variable's (the flag's own value wins).
func givenAs(flag, env, shown string, fromEnv bool) string {
	if fromEnv && os.Getenv(env) != "" {
		return fmt.Sprintf("%s=%q (--%s)", env, os.Getenv(env), flag)
	}
	return fmt.Sprintf("--%s %s", flag, shown)
}

// triageFlags control waivers, the baseline, framework views and the gate.
func triageFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "waivers", Usage: "apply the waivers in `FILE`", EnvVars: []string{"STOREWATCH_WAIVERS"}},
		&cli.StringFlag{Name: "baseline", Usage: "compare with the baseline in `FILE` (see --fail-on new)", EnvVars: []string{"STOREWATCH_BASELINE"}},
		&cli.StringSliceFlag{Name: "framework", Usage: "add the control-by-control view of `FRAMEWORK` (aws-fsbp, cis-aws-v3.0, aws-config); repeatable", EnvVars: []string{"STOREWATCH_FRAMEWORK"}},
		&cli.StringFlag{Name: "fail-on", Value: "high", Usage: "fail the gate (exit 1) on failed findings at or above `SEVERITY` (critical, high, medium, low, info), on findings the baseline does not know (new), or never (none)", EnvVars: []string{"STOREWATCH_FAIL_ON"}},
		&cli.BoolFlag{Name: "fail-on-unknown", Usage: "also fail the gate on checks that could not be decided", EnvVars: []string{"STOREWATCH_FAIL_ON_UNKNOWN"}},
		// --now fixes the clock (waiver expiry, report time) for reproducible audits and tests.
		&cli.TimestampFlag{Name: "now", Layout: time.RFC3339, Hidden: true, Usage: "judge as of `TIME` (RFC 3339)"},
	}
}

// settings are the configuration file and the flags, merged: a flag (or its environment
// variable) wins over the file.
type settings struct {
	now        func() time.Time
	engine     policies.Options
	gate       triage.GateOptions
	triage     run.Triage
	outputs    []run.Output
	configFile *config.File
	configPath string // the file configFile was read from
}

// named adds, to the error of a file storewatch.yaml names under key (not a flag) that is
// not there, where the name came from and what it is relative to: the configuration's own
// directory, where a user who runs from the working directory may not look.
func (s *settings) named(err error, key string) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (named by %s: in %s; a relative path is taken from that file's directory)", err, key, s.configPath)
	}
	return err
}

// loadSettings reads the configuration and the flags. gates is set for the commands that
// apply the gate (evaluate, scan): only they read the baseline and need one for fail_on new.
// The others must run whatever the configured baseline's state: baseline create writes the
// file the configuration names (the first time it does not exist yet, or it is of another
// format version), and diff, collect and iam-policy do not gate.
func loadSettings(c *cli.Context, gates bool) (*settings, error) {
	file, required := c.String("config"), c.IsSet("config")
	if file == "" {
		file = config.DefaultFile
	}
	cfg, err := config.Load(file, required)
	if err != nil {
		return nil, err
	}
	sel := cfg.Rules
	override := func(flag string, dst *[]string) {
		if c.IsSet(flag) {
			*dst = c.StringSlice(flag)
		}
	}
	override("rule", &sel.Include)
	override("skip-rule", &sel.Exclude)
	override("service", &sel.Services)
	override("rule-framework", &sel.Frameworks)
	// What storewatch.yaml's check refuses is refused on the command line too: a --skip-rule
	// glob that cannot match skipped nothing, silently.
	for _, flag := range []string{"rule", "skip-rule"} {
		for _, g := range c.StringSlice(flag) {
			if _, err := path.Match(g, ""); err != nil {
				return nil, fmt.Errorf("%w: --%s %q is not a valid glob (a [ opens a set that needs its ])", run.ErrUsage, flag, g)
			}
		}
	}
	for _, fw := range c.StringSlice("rule-framework") {
		if _, ok := policies.FrameworkByKey(fw); !ok {
			return nil, fmt.Errorf("%w: --rule-framework %q: unknown framework (see scanner frameworks list)", run.ErrUsage, fw)
		}
	}
	if c.IsSet("min-severity") {
		if _, err := policies.ParseSeverity(c.String("min-severity")); err != nil {
			if env := os.Getenv("STOREWATCH_MIN_SEVERITY"); env != "" && env == c.String("min-severity") {
				return nil, fmt.Errorf("STOREWATCH_MIN_SEVERITY=%q (--min-severity): want critical, high, medium, low or info", env)
			}
			return nil, fmt.Errorf("--min-severity: %w", err)
		}
		sel.MinSeverity = c.String("min-severity")
	}
	s := &settings{configFile: cfg, configPath: file, now: time.Now}
	if ts := c.Timestamp("now"); ts != nil {
		fixed := *ts
		s.now = func() time.Time { return fixed }
	}
	s.engine.Select = sel.Selects
	s.engine.SeverityOverrides = map[string]policies.Severity{}
	for id, sev := range cfg.SeverityOverrides {
		s.engine.SeverityOverrides[id] = policies.Severity(sev)
	}
	for _, v := range c.StringSlice("severity-override") {
		id, sev, ok := strings.Cut(v, "=")
		parsed, err := policies.ParseSeverity(sev)
		if ok && id != "" && err != nil {
			return nil, fmt.Errorf("--severity-override %q: %w", v, err)
		}
		if !ok || err != nil {
			return nil, fmt.Errorf("--severity-override %q: want ID=SEVERITY", v)
		}
		s.engine.SeverityOverrides[id] = parsed
	}
	params := cfg.RuleParams()
	// As with the other repeatable flags, the command line replaces the environment rather
	// than adding to it. (The environment is read here, not by the flag, whose values would
	// otherwise be joined to the command line's.)
	var given paramValues
	if p, ok := c.Generic("param").(*paramValues); ok && c.IsSet("param") {
		given = *p
	} else if err := given.Set(os.Getenv("STOREWATCH_PARAM")); err != nil {
		return nil, err
	}
	for _, v := range given {
		key, value, ok := strings.Cut(v, "=")
		id, name, ok2 := strings.Cut(key, ".")
		if !ok || !ok2 || id == "" || name == "" {
			return nil, fmt.Errorf("--param %q: want RULE-ID.KEY=VALUE", v)
		}
		var parsed any
		if err := json.Unmarshal([]byte(value), &parsed); err != nil {
			parsed = value
		}
		m, _ := params[id].(map[string]any)
		if m == nil {
			m = map[string]any{}
			params[id] = m
		}
		m[name] = parsed
	}
	s.engine.Config = map[string]any{"params": params}
	s.engine.Timeout = c.Duration("eval-timeout")
	if s.engine.Timeout < 0 {
		env, _ := time.ParseDuration(os.Getenv("STOREWATCH_EVAL_TIMEOUT"))
		return nil, fmt.Errorf("%s: want a positive duration, or 0 for no bound", givenAs("eval-timeout", "STOREWATCH_EVAL_TIMEOUT", s.engine.Timeout.String(), env == s.engine.Timeout))
	}
	if s.engine.MemoryLimit, err = parseSize(c.String("memory-limit")); err != nil {
		v := c.String("memory-limit")
		return nil, fmt.Errorf("%s: %w", givenAs("memory-limit", "STOREWATCH_MEMORY_LIMIT", strconv.Quote(v), os.Getenv("STOREWATCH_MEMORY_LIMIT") == v), err)
	}
	s.engine.PolicyDirs = cfg.Policy
	if c.IsSet("policy") {
		s.engine.PolicyDirs = c.StringSlice("policy")
	}

	waivers := cfg.Waivers
	if c.IsSet("waivers") {
		waivers = c.String("waivers")
	}
	if waivers != "" {
		if s.triage.Waivers, err = triage.LoadWaivers(waivers); err != nil {
			if !c.IsSet("waivers") {
				err = s.named(err, "waivers")
			}
			return nil, err
		}
	}
	s.gate.FailOn = triage.FailOnNone
	if gates {
		if err := s.loadGate(c, cfg); err != nil {
			return nil, err
		}
	}
	s.triage.Frameworks = cfg.Frameworks
	if c.IsSet("framework") {
		s.triage.Frameworks = c.StringSlice("framework")
	}
	for _, fw := range s.triage.Frameworks {
		if _, ok := policies.FrameworkByKey(fw); !ok {
			return nil, fmt.Errorf("--framework %q: unknown framework (see scanner frameworks list)", fw)
		}
	}
	for _, v := range cfg.Outputs {
		o, err := run.ParseOutput(v)
		if err != nil {
			return nil, fmt.Errorf("%s: outputs: %w", file, err)
		}
		s.outputs = append(s.outputs, o)
	}
	return s, nil
}

// loadGate reads the gate's settings and the baseline, for the commands that gate.
func (s *settings) loadGate(c *cli.Context, cfg *config.File) error {
	// An environment variable that is set but empty (a workflow's `${{ vars.FAIL_ON }}` that
	// is not defined) gives no value: the file decides, as when it is unset. Counted as
	// given, it made the gate high and fail-on-unknown false over a stricter file.
	failOn := c.String("fail-on")
	if (!c.IsSet("fail-on") || failOn == "") && cfg.FailOn != "" {
		failOn = cfg.FailOn
	}
	if failOn == "" {
		failOn = "high"
	}
	var err error
	if s.gate.FailOn, err = triage.ParseFailOn(failOn); err != nil {
		// Named after where the value came from: a user who never typed --fail-on
		// looks for it in vain.
		if env := os.Getenv("STOREWATCH_FAIL_ON"); env != "" && env == failOn {
			return fmt.Errorf("STOREWATCH_FAIL_ON=%q (--fail-on): want a severity (critical, high, medium, low or info), new or none", env)
		}
		return err
	}
	s.gate.FailOnUnknown = c.Bool("fail-on-unknown")
	// urfave/cli reads an empty variable as false; only false can come from one, and the
	// file is then taken even over --fail-on-unknown=false given with it, the stricter way.
	env, defined := os.LookupEnv("STOREWATCH_FAIL_ON_UNKNOWN")
	emptyEnv := defined && env == "" && !s.gate.FailOnUnknown
	if (!c.IsSet("fail-on-unknown") || emptyEnv) && cfg.FailOnUnknown != nil {
		s.gate.FailOnUnknown = *cfg.FailOnUnknown
	}
	baseline := cfg.Baseline
	if c.IsSet("baseline") {
		baseline = c.String("baseline")
	}
	if baseline != "" {
		if s.triage.Baseline, err = triage.LoadBaseline(baseline); err != nil {
			if !c.IsSet("baseline") {
				err = s.named(err, "baseline")
			}
			return err
		}
		s.triage.BaselineFile = baseline
	}
	if s.gate.FailOn == triage.FailOnNew && s.triage.Baseline == nil {
		return fmt.Errorf("--fail-on new needs --baseline FILE (create one with scanner baseline create)")
	}
	return nil
}
