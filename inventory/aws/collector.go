package aws

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"golang.org/x/sync/errgroup"

	"github.com/storewatch/storewatch/inventory"
)

// Options configure a collection.
type Options struct {
	// Config is the SDK configuration of the identity that starts the scan: the default
	// credential chain or a profile, and the region of global calls.
	Config aws.Config
	// Regions to scan; empty means every region the account has enabled.
	Regions []string
	// RoleARN is assumed first (with ExternalID, if set) and reads the account, or the
	// organisation with Org.
	RoleARN    string
	ExternalID string
	// Org scans every active account of the organisation, entering each through OrgRole.
	Org     bool
	OrgRole string
	// Plan says which operations to call.
	Plan Plan
	// Redact hides SNS subscription endpoints (emails, URLs with tokens).
	Redact    bool
	Endpoints Endpoints
	// CallTimeout bounds one HTTP attempt; MaxAttempts and MaxBackoff configure the SDK's
	// adaptive retry (backoff with jitter, client-side rate limiting after throttling).
	CallTimeout time.Duration
	MaxAttempts int
	MaxBackoff  time.Duration
	// Rate bounds the calls per second sent to each (service, region) of an account,
	// retries included; 0 means DefaultRate, a negative rate does not pace.
	Rate float64
	// Accounts, Tasks and Details bound concurrency: accounts collected at once, (region,
	// service) collectors at once per account, detail calls at once per collector.
	Accounts int
	Tasks    int
	Details  int
	Progress Progress
	Logger   *slog.Logger
	// Stats receives the API call counts; nil makes new ones.
	Stats *Stats
	Tool  inventory.Tool
	// SourceDetail says how the scan authenticated (a profile, a role), for the snapshot.
	SourceDetail string
	Now          func() time.Time
	Getenv       func(string) string
}

// Progress hears about the collection's tasks: one per (account, region, service).
type Progress interface {
	TasksAdded(n int)
	TaskDone(t Task)
}

// Task is one finished (account, region, service) collection.
type Task struct {
	Account, Region, Service string
	// Errors counts the collection errors it recorded.
	Errors int
}

// Defaults of Options.
const (
	DefaultCallTimeout = 30 * time.Second
	DefaultMaxAttempts = 8
	DefaultMaxBackoff  = 20 * time.Second
	DefaultAccounts    = 2
	DefaultTasks       = 8
	DefaultDetails     = 4
	// DefaultRate is the calls per second per service and region: under the smallest
	// sustained rates AWS documents for the read calls the collector makes (20 per second
	// for most Describe and List APIs), so that a large account is read without throttles.
	DefaultRate = 20.0
	// globalRegion answers the global calls when no region is configured.
	globalRegion = "us-east-1"
)

// ErrNoCredentials is wrapped by the error Collect returns when the starting identity
// cannot be established.
var ErrNoCredentials = errors.New("no usable AWS credentials")

// ErrEndpointUnreachable is wrapped instead of ErrNoCredentials when the first call never
// reached its endpoint (nothing listening, no route, a name that does not resolve): the
// credentials were never tried, so blaming them would send the user the wrong way.
var ErrEndpointUnreachable = errors.New("the AWS endpoint could not be reached")

// credentialsNotFound reports whether the SDK's default credentials chain found nothing at
// all: its last provider, the instance role, failed too. Its error then retells the whole
// chain ("get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS
// role found, operation error ec2imds: GetMetadata, ..."), which says nothing a user can
// act on; the SDK has no error type for it.
func credentialsNotFound(err error) bool {
	return strings.Contains(err.Error(), "no EC2 IMDS role found")
}

// Collect reads the accounts into a snapshot. Everything that could not be read is
// recorded in the snapshot; the returned error is reserved for what stops the run: no
// credentials, an organisation that cannot be listed, an interruption. On interruption
// the snapshot collected so far is returned too, marked partial, with a Canceled error
// for every operation that did not finish.
func Collect(ctx context.Context, o Options) (*inventory.Snapshot, error) {
	o = withDefaults(o)
	cfg := o.Config.Copy()
	cfg.APIOptions = append(cfg.APIOptions, o.Stats.middleware)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewAdaptiveMode(func(ao *retry.AdaptiveModeOptions) {
			ao.StandardOptions = append(ao.StandardOptions, func(so *retry.StandardOptions) {
				so.MaxAttempts = o.MaxAttempts
				so.MaxBackoff = o.MaxBackoff
			})
		})
	}
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(o.CallTimeout)
	home := cfg.Region
	if home == "" {
		home = globalRegion
		cfg.Region = home
	}
	c := &collection{o: o, home: home}
	if o.RoleARN != "" {
		cfg.Credentials = c.assumed(cfg, o.RoleARN)
	}
	base := c.factory(cfg)
	caller, err := callerIdentity(ctx, base.sts(home))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if sendFailed(err) {
			return nil, fmt.Errorf("%w: sts:GetCallerIdentity: %w", ErrEndpointUnreachable, err)
		}
		if credentialsNotFound(err) {
			o.Logger.Debug("no credentials provider of the default chain found any", "error", err)
			return nil, fmt.Errorf("%w: none found in the environment, the shared config and credentials files (~/.aws) or an instance role", ErrNoCredentials)
		}
		return nil, fmt.Errorf("%w: sts:GetCallerIdentity: %w", ErrNoCredentials, err)
	}
	c.partition = caller.partition
	o.Logger.Info("collecting", "account", caller.account, "identity", caller.arn, "operations", len(o.Plan.ops))

	accounts := []orgAccount{{id: caller.account}}
	if o.Org {
		if accounts, err = activeAccounts(ctx, base.organizations(home)); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("list the organisation's accounts (organizations:ListAccounts): %w", err)
		}
	}
	runs := make([]*accountRun, len(accounts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Accounts)
	for i, a := range accounts {
		g.Go(func() error {
			run := &accountRun{}
			runs[i] = run
			f := base
			if a.id != caller.account {
				role := fmt.Sprintf("arn:%s:iam::%s:role/%s", c.partition, a.id, o.OrgRole)
				acfg := cfg.Copy()
				acfg.Credentials = c.assumed(cfg, role)
				if _, err := acfg.Credentials.Retrieve(gctx); err != nil {
					if gctx.Err() != nil {
						return gctx.Err()
					}
					c.unreachable(run, a, collectionError(a.id, "", opAssumeRole, role, err))
					return nil
				}
				f = c.factory(acfg)
			}
			return c.collectAccount(gctx, run, f, a)
		})
	}
	err = g.Wait()
	snap := c.merge(runs, accounts)
	if err != nil {
		snap.Partial = true
		return snap, err
	}
	if ctx.Err() != nil {
		snap.Partial = true
		return snap, ctx.Err()
	}
	return snap, nil
}

func withDefaults(o Options) Options {
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.Rate == 0 {
		o.Rate = DefaultRate
	}
	if o.Accounts <= 0 {
		o.Accounts = DefaultAccounts
	}
	if o.Tasks <= 0 {
		o.Tasks = DefaultTasks
	}
	if o.Details <= 0 {
		o.Details = DefaultDetails
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Stats == nil {
		o.Stats = NewStats()
	}
	if o.Progress == nil {
		o.Progress = noProgress{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Plan.ops == nil {
		o.Plan, _ = NewPlan(nil, PlanOptions{})
	}
	return o
}

type noProgress struct{}

func (noProgress) TasksAdded(int) {}
func (noProgress) TaskDone(Task)  {}

// collection is the state of one Collect call shared by its accounts.
type collection struct {
	o         Options
	home      string
	partition string
}

// factory makes the clients of one account, paced per (service, region): AWS's limits
// are per account.
func (c *collection) factory(cfg aws.Config) *clientFactory {
	cfg.APIOptions = append(slices.Clone(cfg.APIOptions), newPacers(c.o.Rate).middleware)
	return &clientFactory{cfg: cfg, endpoints: c.o.Endpoints, getenv: c.o.Getenv}
}

// assumed returns cached credentials of a role assumed with the given configuration.
func (c *collection) assumed(cfg aws.Config, role string) aws.CredentialsProvider {
	f := &clientFactory{cfg: cfg, endpoints: c.o.Endpoints, getenv: c.o.Getenv}
	return aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(f.sts(c.home), role, func(ao *stscreds.AssumeRoleOptions) {
		ao.RoleSessionName = "storewatch"
		if c.o.ExternalID != "" {
			ao.ExternalID = aws.String(c.o.ExternalID)
		}
	}))
}

// unreachable records an account the collector could not enter: the account is in the
// snapshot, and every operation of the plan is an error there, so every rule about it is
// unknown instead of judged on nothing.
func (c *collection) unreachable(run *accountRun, a orgAccount, cause inventory.CollectionError) {
	c.o.Logger.Warn("account not collected", "account", a.id, "api", cause.Operation, "err", cause.Code+": "+cause.Message)
	run.snap.Accounts = []inventory.Account{{
		Meta:      inventory.Meta{ID: a.id, Type: inventory.TypeAccount, Name: a.name, AccountID: a.id},
		Partition: c.partition,
	}}
	run.snap.Errors = append(run.snap.Errors, cause)
	for _, op := range c.o.Plan.Operations() {
		if accountControlOp(op) {
			continue
		}
		run.snap.Errors = append(run.snap.Errors, inventory.CollectionError{
			Source: inventory.SourceAWS, AccountID: a.id, Service: op.Service(), Operation: string(op),
			Code: inventory.CodeAccountUnreachable, Message: "the account could not be entered: " + cause.Code,
		})
	}
}

// accountControlOp reports the operations that decide how to reach accounts rather than
// read facts about them.
func accountControlOp(op Operation) bool {
	switch op {
	case opGetCallerIdentity, opAssumeRole, opListAccounts, opDescribeRegions:
		return true
	}
	return false
}

// service is one collector: a service (or, for S3, the account's buckets) read in one
// region or, when global, once per account.
type service struct {
	name   string
	global bool
	ops    []Operation
	run    func(ctx context.Context, s *scope, f *clientFactory) error
}

// services lists the collectors, sorted by name.
var services = []service{
	{name: "cloudtrail", ops: []Operation{opDescribeTrails, opGetTrailStatus, opGetEventSelectors, opGetInsightSelectors, opListEventDataStores, opGetEventDataStore},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectCloudTrail(ctx, s, f.cloudTrail(s.region))
		}},
	{name: "cloudwatch", ops: []Operation{opDescribeAlarms},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectCloudWatch(ctx, s, f.cloudWatch(s.region))
		}},
	{name: "dynamodb", ops: []Operation{opListTables, opDescribeTable, opDescribeContinuousBackups, opDescribeContributorInsights, opDescribeScalableTargets},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectDynamoDB(ctx, s, f.dynamoDB(s.region), f.autoScaling(s.region))
		}},
	{name: "elasticache", ops: []Operation{opDescribeReplicationGroups, opDescribeCacheClusters},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectElastiCache(ctx, s, f.elastiCache(s.region))
		}},
	{name: "es", ops: []Operation{opListDomainNames, opDescribeDomains},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectOpenSearch(ctx, s, f.openSearch(s.region))
		}},
	{name: "logs", ops: []Operation{opDescribeLogGroups, opDescribeMetricFilter, opDescribeSubFilters, opDescribeLogPolicies},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectLogs(ctx, s, f.logs(s.region))
		}},
	{name: "memorydb", ops: []Operation{opDescribeMemoryDBClusters},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectMemoryDB(ctx, s, f.memoryDB(s.region))
		}},
	{name: "rds", ops: []Operation{opDescribeDBInstances, opDescribeDBClusters, opDescribeDBParameters, opDescribeDBClusterParameters, opDescribeOptionGroups, opDescribeRDSEventSubs},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectRDS(ctx, s, f.rds(s.region))
		}},
	{name: "redshift", ops: []Operation{opDescribeRedshiftClusters, opDescribeLoggingStatus, opDescribeClusterParameters, opDescribeRedshiftEventSubs},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectRedshift(ctx, s, f.redshift(s.region))
		}},
	{name: "redshift-serverless", ops: []Operation{opListNamespaces},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectRedshiftServerless(ctx, s, f.redshiftServerless(s.region))
		}},
	{name: "s3", global: true, ops: append([]Operation{opListBuckets}, s3DetailOps...), run: collectS3},
	{name: "s3control", global: true, ops: []Operation{opGetAccountPublicAccessBlock},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			pab, err := accountPublicAccessBlock(ctx, s, f.s3Control(s.home))
			if err != nil {
				return err
			}
			s.out.add(func(*inventory.Snapshot) { s.out.pab = pab })
			return nil
		}},
	{name: "sns", ops: []Operation{opListTopics, opListSubscriptions, opGetTopicAttributes},
		run: func(ctx context.Context, s *scope, f *clientFactory) error {
			return collectSNS(ctx, s, f.sns(s.region))
		}},
}

// collectS3 lists the account's buckets once and reads the details of those in the
// scanned regions; the buckets of trails homed elsewhere are read after the trails.
func collectS3(ctx context.Context, s *scope, f *clientFactory) error {
	if !s.plan.Has(opListBuckets) {
		return nil
	}
	listed, err := listBuckets(ctx, s, f.s3(s.home))
	if err != nil {
		return err
	}
	var in []listedBucket
	s.out.add(func(*inventory.Snapshot) {
		s.out.buckets = listed
		if s.out.bucketsDone == nil {
			s.out.bucketsDone = map[string]bool{}
		}
		for _, b := range listed {
			if b.locationErr != nil || slices.Contains(s.out.regions, b.region) {
				in = append(in, b)
				s.out.bucketsDone[b.name] = true
			}
		}
	})
	return collectBuckets(ctx, s, in, f.s3)
}

// collectAccount reads one account: its regions, then every (region, service) collector,
// then what depends on several regions (trails homed in a region not scanned, their
// buckets) and the KMS keys the collected resources name.
func (c *collection) collectAccount(ctx context.Context, run *accountRun, f *clientFactory, a orgAccount) error {
	o := c.o
	start := time.Now()
	acct := inventory.Account{
		Meta:      inventory.Meta{ID: a.id, Type: inventory.TypeAccount, Name: a.name, AccountID: a.id},
		Partition: c.partition,
	}
	regions := o.Regions
	if len(regions) == 0 {
		var err error
		if regions, err = enabledRegions(ctx, f.ec2(c.home)); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !o.Org {
				return fmt.Errorf("list the account's regions (ec2:DescribeRegions): %w; name them with --region", err)
			}
			c.unreachable(run, a, collectionError(a.id, "", opDescribeRegions, "", err))
			return nil
		}
	}
	acct.Regions = slices.Clone(regions)
	run.regions = regions
	base := scope{account: a.id, partition: c.partition, plan: o.Plan, detail: o.Details, redact: o.Redact, out: run, home: c.home}

	if o.Plan.Has(opDescribeOrganization) {
		id, err := organizationID(ctx, f.organizations(c.home))
		if err != nil {
			if err := base.listingFailed(ctx, opDescribeOrganization, err); err != nil {
				return err
			}
		}
		acct.OrganizationID = id
	}

	type task struct {
		svc    service
		region string
		done   bool
	}
	// The account-wide collectors go first: S3 reads every bucket of every region in one
	// task, the longest, which must not wait for a free slot behind regional ones.
	var tasks, regional []*task
	for _, svc := range services {
		if !o.Plan.any(svc.ops...) {
			continue
		}
		if svc.global {
			tasks = append(tasks, &task{svc: svc})
			continue
		}
		for _, r := range regions {
			regional = append(regional, &task{svc: svc, region: r})
		}
	}
	tasks = append(tasks, regional...)
	o.Progress.TasksAdded(len(tasks) + 1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Tasks)
	for _, t := range tasks {
		g.Go(func() error {
			s := base
			s.region = t.region
			before := run.errorCount()
			if err := t.svc.run(gctx, &s, f); err != nil {
				return err
			}
			t.done = true
			o.Progress.TaskDone(Task{Account: a.id, Region: t.region, Service: t.svc.name, Errors: run.errorCount() - before})
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = c.crossRegion(ctx, &base, run, f)
	}
	if err != nil {
		// Interrupted: what finished stays, and every operation that did not is an
		// error, so the partial snapshot can never pass a rule on missing data.
		for _, t := range tasks {
			if t.done {
				continue
			}
			for _, op := range t.svc.ops {
				if o.Plan.Has(op) {
					run.addError(canceledError(a.id, t.region, op, ""))
				}
			}
		}
		c.crossRegionCanceled(run, a.id)
	}
	o.Progress.TaskDone(Task{Account: a.id, Service: "account"})
	run.add(func(snap *inventory.Snapshot) {
		acct.S3PublicAccessBlock = run.pab
		acct.LogResourcePolicies = run.logPolicies
		snap.Accounts = append(snap.Accounts, acct)
		c.notCollected(snap, a.id)
	})
	o.Logger.Info("account collected", "account", a.id, "regions", len(regions), "errors", run.errorCount(),
		"duration", time.Since(start).Round(time.Millisecond))
	return err
}

// crossRegion finishes what needs every region listed first: trails homed in a region
// that was not scanned (read in their home region), the buckets trails deliver to that
// were not read yet, and the KMS keys named by everything collected.
func (c *collection) crossRegion(ctx context.Context, base *scope, run *accountRun, f *clientFactory) error {
	run.mu.Lock()
	have := map[string]bool{}
	for _, t := range run.snap.Trails {
		have[t.ARN] = true
	}
	var pending []inventory.Trail
	for arn, t := range run.elsewhere {
		if !have[arn] {
			pending = append(pending, t)
		}
	}
	run.mu.Unlock()
	slices.SortFunc(pending, func(a, b inventory.Trail) int { return strings.Compare(a.ARN, b.ARN) })
	if len(pending) > 0 {
		err := forEach(ctx, base.detail, len(pending), func(ctx context.Context, i int) error {
			s := *base
			s.region = pending[i].HomeRegion
			return trailDetails(ctx, &s, f.cloudTrail(s.region), &pending[i])
		})
		if err != nil {
			return err
		}
		run.add(func(snap *inventory.Snapshot) { snap.Trails = append(snap.Trails, pending...) })
	}

	var buckets []listedBucket
	run.mu.Lock()
	wanted := map[string]bool{}
	for _, t := range run.snap.Trails {
		wanted[t.S3BucketName] = true
	}
	for _, b := range run.buckets {
		if wanted[b.name] && !run.bucketsDone[b.name] {
			buckets = append(buckets, b)
			run.bucketsDone[b.name] = true
		}
	}
	run.mu.Unlock()
	if len(buckets) > 0 {
		if err := collectBuckets(ctx, base, buckets, f.s3); err != nil {
			return err
		}
	}

	if !c.o.Plan.Has(opDescribeKey) {
		return nil
	}
	run.mu.Lock()
	refs := keyRefs(&run.snap)
	run.mu.Unlock()
	if err := collectKeys(ctx, base, refs, f.kms); err != nil {
		return err
	}
	run.mu.Lock()
	run.keysDone = true
	run.mu.Unlock()
	return nil
}

// crossRegionCanceled records, for an account whose collection was interrupted, the
// cross-region work that did not finish. A trail listed in a scanned region but homed in
// another, whose details were not read, is kept with a Canceled error for each of them, and
// so is a listed bucket of a trail whose details were not read; keys not described are one
// account-wide Canceled error. Dropped instead, the trail would vanish from the partial
// snapshot and the account be judged as if it had no such trail.
func (c *collection) crossRegionCanceled(run *accountRun, account string) {
	plan := c.o.Plan
	run.mu.Lock()
	defer run.mu.Unlock()
	note := func(m *inventory.Meta, region string, op Operation) {
		if plan.Has(op) {
			m.Errors = append(m.Errors, canceledError(account, region, op, m.ID))
			run.errs.Add(1)
		}
	}
	have := map[string]bool{}
	for _, t := range run.snap.Trails {
		have[t.ARN] = true
	}
	var trails []inventory.Trail
	for arn, t := range run.elsewhere {
		if have[arn] {
			continue
		}
		for _, op := range []Operation{opGetTrailStatus, opGetEventSelectors, opGetInsightSelectors} {
			note(&t.Meta, t.HomeRegion, op)
		}
		trails = append(trails, t)
	}
	slices.SortFunc(trails, func(a, b inventory.Trail) int { return strings.Compare(a.ARN, b.ARN) })
	run.snap.Trails = append(run.snap.Trails, trails...)

	wanted := map[string]bool{}
	for _, t := range run.snap.Trails {
		wanted[t.S3BucketName] = true
	}
	for _, b := range run.snap.S3Buckets {
		delete(wanted, b.Name)
	}
	for _, b := range run.buckets {
		if !wanted[b.name] {
			continue
		}
		arn := "arn:" + c.partition + ":s3:::" + b.name
		item := inventory.S3Bucket{Meta: inventory.Meta{
			ID: arn, Type: inventory.TypeS3Bucket, ARN: arn, Name: b.name, AccountID: account, Region: b.region,
		}}
		for _, op := range s3DetailOps {
			if op != opGetBucketLocation {
				note(&item.Meta, b.region, op)
			}
		}
		run.snap.S3Buckets = append(run.snap.S3Buckets, item)
	}

	if plan.Has(opDescribeKey) && !run.keysDone {
		run.snap.Errors = append(run.snap.Errors, canceledError(account, "", opDescribeKey, ""))
		run.errs.Add(1)
	}
}

// canceledError records an operation an interruption kept from finishing.
func canceledError(account, region string, op Operation, resource string) inventory.CollectionError {
	return inventory.CollectionError{
		Source: inventory.SourceAWS, AccountID: account, Region: region, Service: op.Service(), Operation: string(op),
		Resource: resource, Code: inventory.CodeCanceled, Message: "collection was interrupted",
	}
}

// notCollected records, for the account, every operation the plan left out, so that a
// rule evaluated later on this snapshot that needs one is unknown rather than judged on
// facts that were never read.
func (c *collection) notCollected(snap *inventory.Snapshot, account string) {
	for _, op := range Operations() {
		if c.o.Plan.Has(op) || accountControlOp(op) || op == opDescribeOrganization {
			continue
		}
		snap.Errors = append(snap.Errors, inventory.CollectionError{
			Source: inventory.SourceAWS, AccountID: account, Service: op.Service(), Operation: string(op),
			Code: inventory.CodeNotCollected, Message: "no rule enabled for the collection needed it",
		})
	}
}

// merge joins the accounts' results into one snapshot. An organisation trail appears in
// the owner's results and in every member's: it is kept once, preferring the owner's copy,
// which carries the details a member may not be allowed to read, listed by every member
// that listed it.
func (c *collection) merge(runs []*accountRun, accounts []orgAccount) *inventory.Snapshot {
	snap := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Tool:          c.o.Tool,
		CollectedAt:   c.o.Now().UTC().Truncate(time.Second),
	}
	src := inventory.Source{Kind: inventory.SourceAWS, Detail: c.o.SourceDetail}
	trails := map[string]int{}
	for i, run := range runs {
		if run == nil {
			continue
		}
		run.mu.Lock()
		r := &run.snap
		if len(r.Accounts) > 0 && r.Accounts[0].Regions != nil {
			src.Accounts = append(src.Accounts, accounts[i].id)
		}
		snap.Accounts = append(snap.Accounts, r.Accounts...)
		for _, t := range r.Trails {
			j, seen := trails[t.ARN]
			if !seen {
				trails[t.ARN] = len(snap.Trails)
				snap.Trails = append(snap.Trails, t)
				continue
			}
			listed := append(slices.Clone(snap.Trails[j].ListedBy), t.ListedBy...)
			if accounts[i].id == t.AccountID {
				snap.Trails[j] = t
			}
			snap.Trails[j].ListedBy = listed
		}
		snap.EventDataStores = append(snap.EventDataStores, r.EventDataStores...)
		snap.Alarms = append(snap.Alarms, r.Alarms...)
		snap.CompositeAlarms = append(snap.CompositeAlarms, r.CompositeAlarms...)
		snap.LogGroups = append(snap.LogGroups, r.LogGroups...)
		snap.SNSTopics = append(snap.SNSTopics, r.SNSTopics...)
		snap.EventSubscriptions = append(snap.EventSubscriptions, r.EventSubscriptions...)
		snap.KMSKeys = append(snap.KMSKeys, r.KMSKeys...)
		snap.DBInstances = append(snap.DBInstances, r.DBInstances...)
		snap.DBClusters = append(snap.DBClusters, r.DBClusters...)
		snap.DynamoDBTables = append(snap.DynamoDBTables, r.DynamoDBTables...)
		snap.S3Buckets = append(snap.S3Buckets, r.S3Buckets...)
		snap.RedshiftClusters = append(snap.RedshiftClusters, r.RedshiftClusters...)
		snap.RedshiftServerlessNamespaces = append(snap.RedshiftServerlessNamespaces, r.RedshiftServerlessNamespaces...)
		snap.ElastiCacheClusters = append(snap.ElastiCacheClusters, r.ElastiCacheClusters...)
		snap.OpenSearchDomains = append(snap.OpenSearchDomains, r.OpenSearchDomains...)
		snap.MemoryDBClusters = append(snap.MemoryDBClusters, r.MemoryDBClusters...)
		snap.Errors = append(snap.Errors, r.Errors...)
		snap.Notes = append(snap.Notes, r.Notes...)
		run.mu.Unlock()
	}
	snap.Sources = []inventory.Source{src}
	return snap
}

func (a *accountRun) errorCount() int { return int(a.errs.Load()) }
