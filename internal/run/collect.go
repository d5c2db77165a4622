package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
	"github.com/storewatch/storewatch/policies"
)

// CollectOptions configure a live collection.
type CollectOptions struct {
	// AWS configures the collector; its Plan, Progress, Stats and Logger are set here.
	AWS awsinv.Options
	// Rules decide which operations are called (their custom.requires and
	// custom.collects, and the listings of their resource types).
	Rules []*policies.Rule
	// AllOperations calls every operation the collector knows, whatever the rules need.
	AllOperations bool
	// Output is the snapshot file; "" or "-" writes it to Stdout.
	Output string
	Stdout io.Writer
	// Stderr receives the progress display and the API call summary.
	Stderr io.Writer
	// Terminal is set when Stderr is a terminal: progress redraws one line.
	Terminal bool
	Logger   *slog.Logger
}

// ErrInterrupted is wrapped by the error of a collection stopped by the user; the
// partial snapshot, if one was written, is marked partial.
var ErrInterrupted = errors.New("interrupted")

// PlanForRules derives the collection plan from the rules' operations (required and
// collected) and the listings of the resource types they judge. The operations no
// collector knows are returned so the caller can warn about them.
func PlanForRules(rules []*policies.Rule, o awsinv.PlanOptions) (awsinv.Plan, []string) {
	var required []string
	o.ResourceTypes = slices.Clone(o.ResourceTypes)
	for _, r := range rules {
		required = append(required, r.Requires...)
		required = append(required, r.Collects...)
		o.ResourceTypes = append(o.ResourceTypes, r.ResourceTypes...)
	}
	return awsinv.NewPlan(required, o)
}

// Collect reads the accounts into a snapshot and writes it. On interruption a snapshot
// file (never stdout) receives what was collected, marked partial, and the error wraps
// ErrInterrupted and context.Canceled.
func Collect(ctx context.Context, o CollectOptions) (*inventory.Snapshot, error) {
	if o.Output != "" && o.Output != "-" {
		if err := fileutil.CheckWritable(o.Output); err != nil {
			return nil, fmt.Errorf("write snapshot: %w", err)
		}
	}
	snap, err := collect(ctx, &o)
	if snap == nil {
		return nil, err
	}
	toStdout := o.Output == "" || o.Output == "-"
	if err != nil && toStdout {
		return nil, err
	}
	if werr := writeSnapshot(snap, o.Output, o.Stdout); werr != nil {
		return nil, errors.Join(err, werr)
	}
	if err != nil {
		fmt.Fprintf(o.Stderr, "storewatch: wrote a partial snapshot to %s\n", o.Output)
	}
	return snap, err
}

func collect(ctx context.Context, o *CollectOptions) (*inventory.Snapshot, error) {
	a := o.AWS
	plan, unknown := PlanForRules(o.Rules, awsinv.PlanOptions{
		DiscoverRegions: len(a.Regions) == 0,
		AssumeRole:      a.RoleARN != "",
		Organization:    a.Org,
		All:             o.AllOperations,
	})
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	for _, op := range unknown {
		o.Logger.Warn("a rule requires an operation the collector never calls; its verdicts cannot become unknown through it", "api", op)
	}
	a.Plan = plan
	a.Logger = o.Logger
	a.Stats = awsinv.NewStats()
	if a.Tool.Name == "" {
		a.Tool = inventory.Tool{Name: "storewatch", Version: version.String()}
	}
	prog := newProgress(o.Stderr, o.Terminal, a.Stats)
	a.Progress = prog
	start := time.Now()
	snap, err := awsinv.Collect(ctx, a)
	prog.finish()
	if snap != nil {
		writeCallSummary(o.Stderr, a.Stats, snap, time.Since(start))
	}
	if err != nil && errors.Is(err, context.Canceled) {
		err = fmt.Errorf("%w: collection stopped: %w", ErrInterrupted, err)
	}
	if errors.Is(err, awsinv.ErrNoCredentials) {
		err = fmt.Errorf("%w (give them with --profile or AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; see docs/aws.md)", err)
	}
	return snap, err
}

func writeSnapshot(snap *inventory.Snapshot, path string, stdout io.Writer) error {
	if path == "" || path == "-" {
		return inventory.Write(stdout, snap)
	}
	return fileutil.WriteAtomic(path, func(w io.Writer) error { return inventory.Write(w, snap) })
}

// writeCallSummary prints, per service, the API calls made and how many were throttled
// or failed, and how many facts could not be collected.
func writeCallSummary(w io.Writer, st *awsinv.Stats, snap *inventory.Snapshot, took time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "service\tAPI calls\tthrottled\tfailed\t")
	for _, s := range st.Services() {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", s.Service, s.Calls, s.Throttled, s.Failed)
	}
	t := st.Total()
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", t.Calls, t.Throttled, t.Failed)
	_ = tw.Flush()
	errs := collectionErrors(snap)
	fmt.Fprintf(w, "collected %d data stores in %d accounts in %s; %d facts could not be collected\n",
		snap.StoreCount(), len(snap.Accounts), took.Round(100*time.Millisecond), errs)
	// Not errors, but a region with none of a service's resources deserves its reason.
	if n := len(snap.Notes); n > 0 {
		fmt.Fprintf(w, "%d listings were answered that their service is not offered in the region: none of those resources there (the snapshot's notes)\n", n)
	}
}

// collectionErrors counts the errors recorded on the snapshot and its resources, leaving
// out the operations that were deliberately not called.
func collectionErrors(snap *inventory.Snapshot) int {
	n := 0
	count := func(errs []inventory.CollectionError) {
		for _, e := range errs {
			if e.Code != inventory.CodeNotCollected {
				n++
			}
		}
	}
	count(snap.Errors)
	for _, c := range snap.Collections() {
		for i := 0; i < c.Len; i++ {
			count(c.Meta(i).Errors)
		}
	}
	return n
}

// ScanOptions configure a scan: a collection judged at once.
type ScanOptions struct {
	Collect CollectOptions
	// Evaluate configures the judging; its Input is the snapshot written.
	Evaluate Options
	// Snapshot is where the snapshot is written; "" puts snapshot.json beside the first
	// report file, or in the working directory.
	Snapshot string
}

// Scan collects, writes the snapshot where the reports can point into it, and judges
// that file exactly as `evaluate` would: a scan's findings are by construction the
// findings of evaluating the snapshot it wrote.
func Scan(ctx context.Context, o ScanOptions) (*policies.Report, error) {
	path := o.Snapshot
	if path == "" {
		path = defaultSnapshotPath(o.Evaluate.Outputs)
	}
	// A scan takes minutes of API calls: an output that cannot be written fails it first.
	// (Collect checks the snapshot's own path.)
	if err := checkOutputs(o.Evaluate.Outputs, path); err != nil {
		return nil, err
	}
	c := o.Collect
	c.Output = path
	if _, err := Collect(ctx, c); err != nil {
		return nil, err
	}
	e := o.Evaluate
	e.Input = path
	e.InputType = InputSnapshot
	return Evaluate(ctx, e)
}

func defaultSnapshotPath(outs []Output) string {
	for _, o := range outs {
		if o.Path != "" && o.Path != "-" {
			return filepath.Join(filepath.Dir(o.Path), "snapshot.json")
		}
	}
	return "snapshot.json"
}

// IAMPolicy returns the least-privilege IAM policy for the rules, as indented JSON.
func IAMPolicy(rules []*policies.Rule, o awsinv.PlanOptions, orgRole string) ([]byte, []string, error) {
	plan, unknown := PlanForRules(rules, o)
	var buf bytes.Buffer
	if err := encodeJSON(&buf, awsinv.IAMPolicy(plan, orgRole)); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), unknown, nil
}

// OperationsFor lists the operations a plan calls, for `iam-policy --list`.
func OperationsFor(rules []*policies.Rule, o awsinv.PlanOptions) []string {
	plan, _ := PlanForRules(rules, o)
	var out []string
	for _, op := range plan.Operations() {
		out = append(out, string(op))
	}
	slices.Sort(out)
	return out
}

// ParseEndpoints reads --endpoint SERVICE=URL values. A service the collector does not
// call is an error: its calls would silently go to AWS itself.
func ParseEndpoints(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		svc, u, ok := strings.Cut(v, "=")
		if !ok || svc == "" || u == "" {
			return nil, fmt.Errorf("%w: --endpoint %q: want SERVICE=URL, for example s3=http://127.0.0.1:5000", ErrUsage, v)
		}
		if !slices.Contains(awsinv.Services(), svc) {
			return nil, fmt.Errorf("%w: --endpoint %q: unknown service %q; want one of %s", ErrUsage, v, svc, strings.Join(awsinv.Services(), ", "))
		}
		if err := CheckEndpointURL(u); err != nil {
			return nil, fmt.Errorf("%w: --endpoint %q: %w", ErrUsage, v, err)
		}
		out[svc] = u
	}
	return out, nil
}

// CheckEndpointURL accepts an absolute http or https URL with a host; anything else would
// surface later as an SDK error about credentials.
func CheckEndpointURL(raw string) error {
	// url.Parse's own error repeats the URL and speaks of a "protocol scheme".
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoint URL %q: want http://HOST[:PORT] or https://HOST[:PORT]", raw)
	}
	return nil
}

// regionName is the shape of an AWS region name in every partition: us-east-1,
// us-gov-west-1, cn-north-1, us-iso-east-1, us-isob-east-1, eu-isoe-west-1 and the
// European Sovereign Cloud's eusc-de-east-1.
var regionName = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)

// CheckRegions rejects a region name that cannot be one: the SDK would send a mistyped
// name to a host that does not exist and the scan would report an empty account. source
// names where the regions came from, for the message.
func CheckRegions(source string, regions []string) error {
	for _, r := range regions {
		if !regionName.MatchString(r) {
			return fmt.Errorf("%w: %s %q is not a region name such as eu-west-1 or us-gov-west-1", ErrUsage, source, r)
		}
	}
	return nil
}
