package run

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

// Options configure one evaluation.
type Options struct {
	// Input is the snapshot or plan file; InputType is auto, snapshot or terraform-plan.
	Input     string
	InputType string
	// TFDir is a plan's configuration directory (default: the plan file's); LiveSnapshot a
	// snapshot of the live account the plan is judged with.
	TFDir        string
	LiveSnapshot string
	// Engine holds the compiled rules; when it is nil, LoadEngine compiles them, and
	// Evaluate runs it while it reads and parses its input.
	Engine     *policies.Engine
	LoadEngine func(context.Context) (*policies.Engine, error)
	// Outputs are the reports to write.
	Outputs  []Output
	Reporter reporters.Options
	Gate     triage.GateOptions
	Triage   Triage
	// Stdin is read when Input is StdinInput (default os.Stdin).
	Stdin  io.Reader
	Stdout io.Writer
	Logger *slog.Logger
	// Now is the clock (tests fix it).
	Now func() time.Time
}

// inputs are the files the evaluation reads, which no report may replace.
func (o Options) inputs() []string {
	var in []string
	for _, p := range []string{o.Input, o.LiveSnapshot, o.Triage.BaselineFile} {
		if p != "" && p != StdinInput {
			in = append(in, p)
		}
	}
	return in
}

// Evaluate judges a snapshot or plan file and writes the outputs. It returns the report;
// the caller reads report.Gate for the exit code.
func Evaluate(ctx context.Context, o Options) (*policies.Report, error) {
	// A report that cannot be written fails the run before the evaluation it would wait
	// for, and before anything goes to stdout.
	if err := checkOutputsReading(o.Outputs, o.inputs()); err != nil {
		return nil, err
	}
	waitEngine := o.engineAsync(ctx)
	stage := o.stageTimer()
	snap, plan, spans, err := o.readSnapshot(ctx)
	stage("read")
	// A rules error wins over an input error, as when the rules were compiled first.
	eng, engErr := waitEngine()
	if engErr != nil {
		return nil, engErr
	}
	if err != nil {
		return nil, err
	}
	o.Engine = eng
	// The snapshot was read for this evaluation alone: its facts can go once judged.
	r, err := judge(ctx, snap, o, true)
	if err != nil {
		return nil, err
	}
	stage = o.stageTimer()
	switch {
	case plan != nil:
		if o.Input != StdinInput {
			r.Snapshot.File = plan.repoPath(o.Input)
		}
		plan.attachLocations(r)
	case o.Input != StdinInput:
		r.Snapshot.File = filepath.ToSlash(o.Input)
		attachLocations(r, byID(spans), o.Input)
	}
	stage("locate")
	if err := writeOutputs(ctx, o.Outputs, r, o.Stdout, o.Reporter); err != nil {
		return nil, err
	}
	stage("write")
	return r, nil
}

// readSnapshot reads the input file into a snapshot: a snapshot with where each resource
// sits in the file, or a plan with the plan's view of its sources.
func (o Options) readSnapshot(ctx context.Context) (*inventory.Snapshot, *planInput, map[inventory.EntryKey]inventory.Span, error) {
	stdin := o.Stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	data, err := readInput(ctx, o.Input, stdin)
	if err != nil {
		return nil, nil, nil, err
	}
	kind := o.InputType
	if kind == "" || kind == InputAuto {
		if kind, err = detectInput(data); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", o.Input, err)
		}
	}
	var snap *inventory.Snapshot
	var plan *planInput
	var spans map[inventory.EntryKey]inventory.Span
	switch kind {
	case InputSnapshot:
		if o.TFDir != "" || o.LiveSnapshot != "" {
			return nil, nil, nil, fmt.Errorf("%w: %s is a snapshot: --tf-dir and --snapshot apply to Terraform plans", ErrUsage, o.Input)
		}
		// Where each resource sits in the file (SARIF points there) comes with the parse.
		if snap, spans, err = inventory.ParseIndexed(data); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", o.Input, err)
		}
	case InputTerraformPlan:
		if snap, plan, err = loadPlan(ctx, data, o); err != nil {
			return nil, nil, nil, err
		}
	default:
		return nil, nil, nil, fmt.Errorf("%w: --input-type %q: want auto, snapshot or terraform-plan", ErrUsage, kind)
	}
	return snap, plan, spans, nil
}

// stageTimer returns a function that logs, at debug level, how long the stage it names
// took since the previous call: where the time of a large audit goes, without a profiler.
func (o Options) stageTimer() func(name string) {
	log := o.logger()
	last := time.Now()
	return func(name string) {
		now := time.Now()
		log.Debug("stage", "name", name, "duration", now.Sub(last).Round(time.Millisecond))
		last = now
	}
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Judge resolves a snapshot, evaluates it and applies the gate.
func Judge(ctx context.Context, snap *inventory.Snapshot, o Options) (*policies.Report, error) {
	return judge(ctx, snap, o, false)
}

// judge is Judge; with release, the snapshot keeps only its items' Meta afterwards.
func judge(ctx context.Context, snap *inventory.Snapshot, o Options, release bool) (*policies.Report, error) {
	start := time.Now()
	stage := o.stageTimer()
	eng, err := o.engine(ctx)
	if err != nil {
		return nil, err
	}
	stage("rules")
	// Reading a large input takes seconds and checks no context: a Ctrl-C during it ends
	// the run here.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	eng.Resolve(snap)
	described := policies.DescribeSnapshot(snap)
	stage("resolve")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	evaluate := eng.Evaluate
	if release {
		evaluate = eng.EvaluateAndRelease
	}
	findings, err := evaluate(ctx, snap)
	if err != nil {
		return nil, err
	}
	stage("evaluate")
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	r := policies.NewReport(described, eng.Rules(), findings,
		policies.ToolInfo{Name: "storewatch", Version: version.String(), RulesVersion: policies.RulesVersion()}, now())
	if err := o.Triage.apply(r, now()); err != nil {
		return nil, err
	}
	// An expired or stale waiver is a decision someone has to revisit; the reports show it,
	// and the log says it where a CI job's reader looks first.
	for i := range r.Waivers {
		if w := &r.Waivers[i]; w.NeedsAttention() {
			o.logger().Warn(w.Describe(), "rule", w.Rule, "resource", w.Resource, "state", w.State, "file", w.File, "line", w.Line)
		}
	}
	triage.Apply(r, o.Gate)
	stage("report")
	if o.Logger != nil {
		o.Logger.Info("evaluated", "stores", r.Snapshot.Stores, "findings", len(findings),
			"failed", r.Summary.ByStatus[policies.StatusFail], "unknown", r.Summary.Undecided,
			"duration", time.Since(start).Round(time.Millisecond))
	}
	return r, nil
}

// AttachSnapshotLocations points every finding without a source location at its
// resource's entry in the snapshot file, so SARIF results have a real file and lines.
func AttachSnapshotLocations(r *policies.Report, data []byte, path string) {
	attachLocations(r, byID(inventory.LineIndex(data)), path)
}

// byID indexes the resource entries of a snapshot file by resource id.
func byID(idx map[inventory.EntryKey]inventory.Span) map[string]inventory.Span {
	out := make(map[string]inventory.Span, len(idx))
	for k, sp := range idx {
		out[k.ID] = sp
	}
	return out
}

func attachLocations(r *policies.Report, byID map[string]inventory.Span, path string) {
	file := filepath.ToSlash(filepath.Clean(path))
	for i := range r.Findings {
		res := r.Findings[i].Resource
		if res.Location != nil {
			continue
		}
		// A resource the file does not hold (an account's failed listing) has no location:
		// the SARIF writer points it at line 1 of the file and counts it in a notification.
		if sp, ok := byID[res.ID]; ok {
			res.Location = &policies.Location{File: file, StartLine: sp.StartLine, EndLine: sp.EndLine}
		}
	}
}
