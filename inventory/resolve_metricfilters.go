package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/storewatch/storewatch/inventory/filterpattern"
)

// metricFilterControl is one metric-filter control of the rule catalog (§E): a pattern a
// CloudTrail log group must carry, alarmed and notified.
type metricFilterControl struct {
	// Key is the catalog id, MF-01 ... MF-15 and MF-X1 ... MF-X4.
	Key string
	// Ref names the pattern in messages: "the CIS 4.1 pattern".
	Ref     string
	Topic   string
	Pattern string
	// Sources are the event sources the pattern is about: a trail that excludes their
	// write events (only kms and rdsdata can be excluded) never delivers the events it looks
	// for. Every such pattern looks for write calls (DisableKey, ScheduleKeyDeletion), so
	// an exclusion from read-only events alone does not matter.
	Sources []string
}

// metricFilterControlTable lists the catalog's metric-filter controls in order: the CIS
// patterns copied from CIS AWS Foundations v4.0 (4.1–4.15, the same clauses as v3.0), and
// storewatch's own data-store patterns (EXT).
var metricFilterControlTable = []metricFilterControl{
	{Key: "MF-01", Ref: "CIS 4.1", Topic: "unauthorized API calls",
		Pattern: `{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }`},
	{Key: "MF-02", Ref: "CIS 4.2", Topic: "console sign-in without MFA",
		Pattern: `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`},
	{Key: "MF-03", Ref: "CIS 4.3", Topic: "root account usage",
		Pattern: `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`},
	{Key: "MF-04", Ref: "CIS 4.4", Topic: "IAM policy changes",
		Pattern: `{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}`},
	{Key: "MF-05", Ref: "CIS 4.5", Topic: "CloudTrail configuration changes",
		Pattern: `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`},
	{Key: "MF-06", Ref: "CIS 4.6", Topic: "console authentication failures",
		Pattern: `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`},
	{Key: "MF-07", Ref: "CIS 4.7", Topic: "disabling or scheduled deletion of customer-managed KMS keys",
		Pattern: `{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }`,
		Sources: []string{"kms.amazonaws.com"}},
	{Key: "MF-08", Ref: "CIS 4.8", Topic: "S3 bucket policy changes",
		Pattern: `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`},
	{Key: "MF-09", Ref: "CIS 4.9", Topic: "AWS Config configuration changes",
		Pattern: `{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }`},
	{Key: "MF-10", Ref: "CIS 4.10", Topic: "security group changes",
		Pattern: `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`},
	{Key: "MF-11", Ref: "CIS 4.11", Topic: "network ACL changes",
		Pattern: `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`},
	{Key: "MF-12", Ref: "CIS 4.12", Topic: "network gateway changes",
		Pattern: `{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`},
	{Key: "MF-13", Ref: "CIS 4.13", Topic: "route table changes",
		Pattern: `{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }`},
	{Key: "MF-14", Ref: "CIS 4.14", Topic: "VPC changes",
		Pattern: `{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`},
	{Key: "MF-15", Ref: "CIS 4.15", Topic: "AWS Organizations changes",
		Pattern: `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }`},
	{Key: "MF-X1", Ref: "storewatch MF-X1", Topic: "RDS and Aurora destructive or exposure changes",
		Pattern: `{ ($.eventSource = rds.amazonaws.com) && (($.eventName = DeleteDBInstance) || ($.eventName = DeleteDBCluster) || ($.eventName = ModifyDBInstance) || ($.eventName = ModifyDBCluster) || ($.eventName = ModifyDBSnapshotAttribute) || ($.eventName = ModifyDBClusterSnapshotAttribute) || ($.eventName = StopDBInstance) || ($.eventName = DeleteDBClusterSnapshot)) }`},
	{Key: "MF-X2", Ref: "storewatch MF-X2", Topic: "DynamoDB table and backup changes",
		Pattern: `{ ($.eventSource = dynamodb.amazonaws.com) && (($.eventName = DeleteTable) || ($.eventName = UpdateContinuousBackups) || ($.eventName = DeleteBackup) || ($.eventName = PutResourcePolicy) || ($.eventName = UpdateTable)) }`},
	{Key: "MF-X3", Ref: "storewatch MF-X3", Topic: "Redshift cluster changes",
		Pattern: `{ ($.eventSource = redshift.amazonaws.com) && (($.eventName = DeleteCluster) || ($.eventName = ModifyCluster) || ($.eventName = DisableLogging) || ($.eventName = ModifyClusterSnapshot)) }`},
	// The catalog lists only the calls for MF-X4; each is tied to its service so that a
	// DeleteBucket elsewhere (or another service's DisableLogging) does not count.
	{Key: "MF-X4", Ref: "storewatch MF-X4", Topic: "logging tampering on data stores",
		Pattern: `{ (($.eventSource = redshift.amazonaws.com) && ($.eventName = DisableLogging)) || (($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketLogging) || ($.eventName = DeleteBucket) || ($.eventName = PutBucketVersioning))) || (($.eventSource = logs.amazonaws.com) && (($.eventName = DeleteLogGroup) || ($.eventName = PutRetentionPolicy))) || (($.eventSource = cloudtrail.amazonaws.com) && ($.eventName = PutEventSelectors)) }`},
}

// Operations whose failure leaves a link of a metric-filter chain undecided.

// namedMetric is a CloudWatch metric within an account and region.
type namedMetric struct{ account, region, namespace, name string }

// alarmsByMetric indexes the metric alarms by the metric they read. direct holds the
// alarms on the metric itself without dimensions (what CIS asks for); any adds alarms with
// dimensions and metric-math alarms that read the metric in a query (in the query's
// account: a cross-account query reads another account's metric). undecided holds the
// alarms that might read a metric once a plan is applied, because the plan leaves the
// account of a query, the namespace or the metric name unknown (or the metric queries
// altogether): an empty field of its key matches any account of the region, any
// namespace, any metric name.
type alarmsByMetric struct {
	direct    map[namedMetric][]*Alarm
	any       map[namedMetric][]*Alarm
	undecided map[namedMetric][]*Alarm
}

func newAlarmsByMetric(s *Snapshot) *alarmsByMetric {
	ab := &alarmsByMetric{direct: make(map[namedMetric][]*Alarm, len(s.Alarms)), any: make(map[namedMetric][]*Alarm, len(s.Alarms)),
		undecided: map[namedMetric][]*Alarm{}}
	add := func(index map[namedMetric][]*Alarm, k namedMetric, a *Alarm) {
		if l := index[k]; len(l) == 0 || l[len(l)-1] != a {
			index[k] = append(index[k], a)
		}
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		eachMetricRead(a, i, func(r metricRead) {
			if r.accountKnown && r.namespaceKnown && r.nameKnown {
				// Dimensions do not matter here: an alarm on the metric with any of them
				// reads the metric.
				k := namedMetric{r.account, a.Region, r.namespace, r.name}
				if r.use.query < 0 && len(r.dims) == 0 {
					add(ab.direct, k, a)
				}
				add(ab.any, k, a)
				return
			}
			k := namedMetric{region: a.Region}
			if r.accountKnown {
				k.account = r.account
			}
			if r.namespaceKnown {
				k.namespace = r.namespace
			}
			if r.nameKnown {
				k.name = r.name
			}
			add(ab.undecided, k, a)
		})
	}
	return ab
}

// mightRead returns the alarms that might read metric k once a plan is applied: those of
// undecided under k itself or under k with any of its account, namespace and name left
// empty.
func (ab *alarmsByMetric) mightRead(k namedMetric) []*Alarm {
	if len(ab.undecided) == 0 {
		return nil
	}
	var out []*Alarm
	for _, account := range []string{k.account, ""} {
		for _, namespace := range []string{k.namespace, ""} {
			for _, name := range []string{k.name, ""} {
				out = append(out, ab.undecided[namedMetric{account, k.region, namespace, name}]...)
			}
		}
	}
	return out
}

// patternCache parses each distinct pattern once: thousands of log groups often share a
// handful of patterns.
type patternCache map[string]*parsedPattern

type parsedPattern struct {
	p       *filterpattern.Pattern
	err     error
	catches []string
}

func (c patternCache) get(pattern string) *parsedPattern {
	if pp, ok := c[pattern]; ok {
		return pp
	}
	pp := &parsedPattern{}
	pp.p, pp.err = filterpattern.Parse(pattern)
	if pp.err == nil {
		pp.catches = pp.p.Catches()
	}
	c[pattern] = pp
	return pp
}

// metricFilterResolver holds the lookups one resolution needs.
type metricFilterResolver struct {
	s        *Snapshot
	ix       *index
	alarms   *alarmsByMetric
	patterns patternCache
	trails   map[string]*Trail
	// evals holds the parsed selectors of the trails a control with Sources looked at.
	evals map[string]*trailEval
	// groups finds a log group by id or ARN, for trails whose log group reference is not
	// a plain ARN (a plan may name the group by its address).
	groups map[string]*LogGroup
	// trailsFailed holds the accounts in which DescribeTrails failed in some region.
	trailsFailed map[string]bool
	controls     []*filterpattern.Pattern
}

// resolveMetricFilterControls resolves, per account, the CIS metric-filter chains: a
// multi-Region, logging trail that records all management events, its CloudWatch Logs
// group, a metric filter equivalent to the control's pattern, an alarm on the filter's
// metric and a confirmed SNS subscriber. It runs after resolveTrails and resolveAlarms,
// whose posture it reads.
func resolveMetricFilterControls(s *Snapshot, ix *index) {
	r := &metricFilterResolver{
		s: s, ix: ix,
		alarms:       newAlarmsByMetric(s),
		patterns:     patternCache{},
		trails:       map[string]*Trail{},
		evals:        map[string]*trailEval{},
		groups:       map[string]*LogGroup{},
		trailsFailed: map[string]bool{},
	}
	for i := range s.Trails {
		r.trails[s.Trails[i].ID] = &s.Trails[i]
	}
	for i := range s.LogGroups {
		g := &s.LogGroups[i]
		r.groups[g.ID] = g
		if g.ARN != "" {
			r.groups[g.ARN] = g
			r.groups[strings.TrimSuffix(g.ARN, ":*")] = g
		}
	}
	for _, a := range s.Accounts {
		if ix.failedInSomeRegion(a.ID, opDescribeTrails) {
			r.trailsFailed[a.ID] = true
		}
	}
	for _, c := range metricFilterControlTable {
		p, err := filterpattern.Parse(c.Pattern)
		if err != nil {
			// The table is tested to parse; a nil entry makes the control unknown rather
			// than a silent pass.
			p = nil
		}
		r.controls = append(r.controls, p)
	}
	orgTrails := r.organisationTrails()
	for i := range s.Accounts {
		a := &s.Accounts[i]
		candidates := r.candidateTrails(a, orgTrails)
		a.Posture.MetricFilterControls = make([]MetricFilterControl, 0, len(metricFilterControlTable))
		for ci := range metricFilterControlTable {
			a.Posture.MetricFilterControls = append(a.Posture.MetricFilterControls, r.resolveControl(a, ci, candidates))
		}
	}
}

// orgTrailIndex lists the organisation trails that may record an account: by
// organisation, and by the accounts whose DescribeTrails listed them.
type orgTrailIndex struct {
	byOrg    map[string][]string
	byLister map[string][]string
}

// organisationTrails indexes the organisation trails of the snapshot, so that a member
// account is covered by its management account's trail even when resolveTrails did not
// list it in CoveredByOrganizationTrail (which holds only trails known to be logging: one
// whose status is unknown must make the verdict unknown, not "no trail"). The trail's
// organisation is found as resolveTrails finds it: the owner's, else that of an account
// that listed it, else the snapshot's only organisation.
func (r *metricFilterResolver) organisationTrails() orgTrailIndex {
	ix := orgTrailIndex{byOrg: map[string][]string{}, byLister: map[string][]string{}}
	orgs := map[string]bool{}
	for _, a := range r.s.Accounts {
		if a.OrganizationID != "" {
			orgs[a.OrganizationID] = true
		}
	}
	for i := range r.s.Trails {
		t := &r.s.Trails[i]
		if !t.IsOrganizationTrail || slices.Contains(t.UnknownFields, "is_organization_trail") {
			continue
		}
		org := ""
		owner := r.ix.accounts[t.AccountID]
		if owner != nil {
			org = owner.OrganizationID
		}
		for _, id := range t.ListedBy {
			ix.byLister[id] = append(ix.byLister[id], t.ID)
			if acc := r.ix.accounts[id]; org == "" && acc != nil {
				org = acc.OrganizationID
			}
		}
		if org == "" && owner == nil && len(orgs) == 1 {
			for o := range orgs {
				org = o
			}
		}
		if org != "" {
			ix.byOrg[org] = append(ix.byOrg[org], t.ID)
		}
	}
	return ix
}

// candidateTrails lists the trails that may record the account: its own and the
// organisation trails that cover it. A covering trail id that is not in the snapshot is
// kept: it makes the verdict unknown rather than no.
func (r *metricFilterResolver) candidateTrails(a *Account, orgTrails orgTrailIndex) []string {
	var ids []string
	for i := range r.s.Trails {
		if r.s.Trails[i].AccountID == a.ID {
			ids = append(ids, r.s.Trails[i].ID)
		}
	}
	ids = append(ids, a.Posture.CoveredByOrganizationTrail...)
	ids = append(ids, orgTrails.byLister[a.ID]...)
	if a.OrganizationID != "" {
		ids = append(ids, orgTrails.byOrg[a.OrganizationID]...)
	}
	return sortedUnique(ids)
}

// linkDepth counts the links of a chain that were established, to pick the most telling
// partial chain when none is complete.
const (
	depthTrail = iota + 1
	depthLogGroup
	depthFilter
	depthAlarm
	depthTopic
)

type chainOutcome struct {
	status string
	reason string
	chain  MetricFilterChain
	depth  int
}

// better reports whether o is a more useful verdict than p: a complete chain beats an
// undecided one, which beats a broken one; among equals, the one that got further.
func (o chainOutcome) better(p chainOutcome) bool {
	rank := map[string]int{StatusYes: 2, StatusUnknown: 1, StatusNo: 0}
	if rank[o.status] != rank[p.status] {
		return rank[o.status] > rank[p.status]
	}
	return o.depth > p.depth
}

func (r *metricFilterResolver) resolveControl(a *Account, ci int, candidates []string) MetricFilterControl {
	c := metricFilterControlTable[ci]
	out := MetricFilterControl{Control: c.Key}
	if r.controls[ci] == nil {
		out.Status = StatusUnknown
		out.Reason = fmt.Sprintf("the %s pattern does not parse (a storewatch bug)", c.Ref)
		return out
	}
	if len(candidates) == 0 {
		out.Status = StatusNo
		out.Reason = "no CloudTrail trail records the account"
		if r.trailsFailed[a.ID] {
			out.Status = StatusUnknown
			out.Reason = r.ix.unlisted("the account's trails", a.ID, "", opDescribeTrails)
		}
		return out
	}
	var best chainOutcome
	for i, id := range candidates {
		o := r.followTrail(c, r.controls[ci], id)
		if i == 0 || o.better(best) {
			best = o
		}
		if best.status == StatusYes {
			break
		}
	}
	if best.status == StatusNo && r.trailsFailed[a.ID] {
		best.status = StatusUnknown
		if r.ix.isNotInPlan(a.ID, "", opDescribeTrails) {
			best.reason += "; and the account's other trails are not in the Terraform plan (" + opDescribeTrails + ": " + CodeNotInPlan + notInPlanHint + ")"
		} else {
			best.reason += "; and the account's trails could not all be listed " + r.ix.failedNote(a.ID, "", opDescribeTrails)
		}
	}
	out.Status = best.status
	out.Reason = best.reason
	chain := best.chain
	out.Chain = &chain
	return out
}

// followTrail follows one trail's chain as far as it goes. A link that is missing ends the
// chain with "no"; a link that cannot be decided is remembered, and the chain goes on when
// it can, so that a later missing link still gives a definite "no".
func (r *metricFilterResolver) followTrail(c metricFilterControl, want *filterpattern.Pattern, id string) chainOutcome {
	o := chainOutcome{chain: MetricFilterChain{Trail: id}}
	var undecided []string
	no := func(format string, args ...any) chainOutcome {
		o.status, o.reason = StatusNo, fmt.Sprintf(format, args...)
		return o
	}
	unknown := func(format string, args ...any) chainOutcome {
		o.status, o.reason = StatusUnknown, strings.Join(append(undecided, fmt.Sprintf(format, args...)), "; ")
		return o
	}
	t := r.trails[id]
	if t == nil {
		return unknown("organisation trail %s belongs to an account outside the snapshot, so its log group cannot be checked", id)
	}
	name := t.Name
	if name == "" {
		name = t.ID
	}
	switch {
	case slices.Contains(t.UnknownFields, "is_multi_region"):
		undecided = append(undecided, fmt.Sprintf("whether trail %s is multi-Region is unknown until apply", name))
	case !t.IsMultiRegion:
		return no("trail %s is not multi-Region", name)
	}
	switch t.Posture.Logging {
	case StatusYes:
	case StatusNo:
		return no("trail %s is not logging", name)
	default:
		undecided = append(undecided, fmt.Sprintf("whether trail %s is logging is not known", name))
	}
	switch t.Posture.ManagementEvents {
	case "all":
	case "read", "write", "none":
		return no("trail %s records %s management events, not all read and write ones", name, t.Posture.ManagementEvents)
	default:
		undecided = append(undecided, fmt.Sprintf("which management events trail %s records is not known", name))
	}
	if src := r.excludedWrites(t, c.Sources); src != "" {
		return no("trail %s excludes %s events, which the %s pattern looks for", name, src, c.Ref)
	}
	o.depth = depthTrail

	g, groupName, st, why := r.trailLogGroup(t, name)
	switch st {
	case StatusNo:
		return no("%s", why)
	case StatusUnknown:
		o.chain.LogGroup = groupName
		return unknown("%s", why)
	}
	o.chain.LogGroup = g.ID
	o.depth = depthLogGroup

	filtersUnread := r.ix.failed(g.AccountID, g.Region, opDescribeMetricFilter) || hasError(g.Errors, opDescribeMetricFilter)
	filtersBeside := slices.Contains(g.UnknownFields, "metric_filters")
	var best *chainOutcome
	for fi := range g.MetricFilters {
		f := &g.MetricFilters[fi]
		pp := r.patterns.get(f.Pattern)
		if pp.err != nil || !filterpattern.Equivalent(pp.p, want) {
			continue
		}
		fo := r.followFilter(o, g, f, undecided)
		if best == nil || fo.better(*best) {
			best = &fo
		}
		if best.status == StatusYes {
			break
		}
	}
	if best != nil {
		return *best
	}
	switch {
	case filtersUnread:
		return unknown("the metric filters of log group %s could not be read %s", g.Name, r.ix.failedNote(g.AccountID, g.Region, opDescribeMetricFilter))
	case filtersBeside:
		return unknown("log group %s exists before the Terraform plan, which does not hold the metric filters made outside it (pass --snapshot with a snapshot of the live account to decide)", g.Name)
	}
	return no("no metric filter equivalent to the %s pattern in log group %s", c.Ref, g.Name)
}

// excludedWrites returns the first of the sources whose write management events the trail
// does not record in full, "" when it records them all. It reads the selectors, not the
// trail's excluded_event_sources, which also lists sources left out of read-only events. A
// trail whose selectors are unknown is judged by its management_events link instead.
func (r *metricFilterResolver) excludedWrites(t *Trail, sources []string) string {
	if len(sources) == 0 {
		return ""
	}
	te := r.evals[t.ID]
	if te == nil {
		te = evalTrail(t, r.ix)
		r.evals[t.ID] = te
	}
	if te.selectorsWhy != "" {
		return ""
	}
	for _, src := range sources {
		if _, write, _ := te.mgmtLevels(src); write != levelFull {
			return src
		}
	}
	return ""
}

// trailLogGroup finds the log group a trail delivers to.
func (r *metricFilterResolver) trailLogGroup(t *Trail, trailName string) (*LogGroup, string, string, string) {
	ref := t.CloudWatchLogsLogGroupARN
	if ref == "" {
		if slices.Contains(t.UnknownFields, "cloudwatch_logs_log_group_arn") {
			return nil, "", StatusUnknown, fmt.Sprintf("the log group of trail %s is not known until apply", trailName)
		}
		return nil, "", StatusNo, fmt.Sprintf("trail %s does not deliver to CloudWatch Logs", trailName)
	}
	if g := r.groups[ref]; g != nil {
		return g, g.Name, StatusYes, ""
	}
	account, region, name, ok := parseLogGroupARN(ref)
	if !ok {
		return nil, ref, StatusUnknown, fmt.Sprintf("the log group %s of trail %s is not in the snapshot", ref, trailName)
	}
	if g := r.ix.logGroups[scopedName{account, region, name}]; g != nil {
		return g, name, StatusYes, ""
	}
	switch {
	case r.ix.failed(account, region, opDescribeLogGroups):
		return nil, name, StatusUnknown, fmt.Sprintf("%s, so log group %s of trail %s cannot be checked",
			r.ix.unlisted(fmt.Sprintf("the log groups of %s in %s", account, region), account, region, opDescribeLogGroups), name, trailName)
	case r.ix.accounts[account] == nil:
		return nil, name, StatusUnknown, fmt.Sprintf("log group %s of trail %s belongs to account %s, which is outside the snapshot", name, trailName, account)
	case r.ix.notScanned(account, region):
		return nil, name, StatusUnknown, fmt.Sprintf("log group %s of trail %s cannot be checked: region %s not scanned", name, trailName, region)
	}
	return nil, name, StatusNo, fmt.Sprintf("log group %s of trail %s does not exist", name, trailName)
}

// parseLogGroupARN splits arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*].
func parseLogGroupARN(arn string) (account, region, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group" {
		return "", "", "", false
	}
	return parts[4], parts[3], strings.TrimSuffix(parts[6], ":*"), true
}

// followFilter follows the chain from an equivalent metric filter to its alarms and their
// subscribers.
func (r *metricFilterResolver) followFilter(o chainOutcome, g *LogGroup, f *MetricFilter, undecided []string) chainOutcome {
	o.chain.Filter = f.Name
	o.depth = depthFilter
	finish := func(status, reason string) chainOutcome {
		o.status = status
		o.reason = reason
		if status == StatusUnknown && len(undecided) > 0 {
			o.reason = strings.Join(append(slices.Clone(undecided), reason), "; ")
		}
		if status == StatusYes && len(undecided) > 0 {
			o.status = StatusUnknown
			o.reason = strings.Join(undecided, "; ") + "; the rest of the chain is complete"
		}
		return o
	}
	if len(f.Transformations) == 0 {
		return finish(StatusNo, fmt.Sprintf("metric filter %s in log group %s publishes no metric", f.Name, g.Name))
	}
	best := chainOutcome{status: StatusNo, depth: -1}
	for _, tr := range f.Transformations {
		to := o
		to.chain.Metric = tr.MetricName
		to.chain.Namespace = tr.MetricNamespace
		alarms := r.alarms.direct[namedMetric{g.AccountID, g.Region, tr.MetricNamespace, tr.MetricName}]
		var res chainOutcome
		switch {
		case len(alarms) == 0 && r.ix.failed(g.AccountID, g.Region, opDescribeAlarms):
			to.status, to.reason = StatusUnknown, r.ix.unlisted(fmt.Sprintf("the alarms of %s in %s", g.AccountID, g.Region), g.AccountID, g.Region, opDescribeAlarms)
			res = to
		case len(alarms) == 0:
			to.status, to.reason = StatusNo, fmt.Sprintf("no alarm (without dimensions) on metric %s in namespace %s of metric filter %s", tr.MetricName, tr.MetricNamespace, f.Name)
			res = to
		default:
			res = followAlarms(to, alarms, f.Name, tr.MetricValue)
		}
		if res.better(best) {
			best = res
		}
		if best.status == StatusYes {
			break
		}
	}
	o = best
	return finish(best.status, best.reason)
}

// followAlarms picks, among the alarms on a filter's metric, one that the filter's events
// can set off and whose ALARM action reaches a confirmed SNS subscriber.
func followAlarms(o chainOutcome, alarms []*Alarm, filter, metricValue string) chainOutcome {
	o.depth = depthAlarm
	best := chainOutcome{status: StatusNo, depth: -1}
	for _, a := range alarms {
		ao := o
		ao.chain.Alarm = a.ID
		name := a.Name
		if name == "" {
			name = a.ID
		}
		fires, why := firesOnEvents(a, name, filter, metricValue)
		switch {
		case !a.ActionsEnabled:
			ao.status, ao.reason = StatusNo, fmt.Sprintf("alarm %s has its actions disabled", name)
		case fires != StatusYes:
			ao.status, ao.reason = fires, why
		case a.Posture.Notifies == StatusYes:
			ao.status, ao.depth = StatusYes, depthTopic
			ao.chain.Topic = notifyingTopic(a)
		case a.Posture.Notifies == StatusNo:
			ao.status, ao.reason = StatusNo, fmt.Sprintf("alarm %s has no confirmed SNS subscriber", name)
			if !hasSNSAction(a) {
				ao.reason = fmt.Sprintf("alarm %s has no SNS topic among its ALARM actions", name)
			}
		default:
			ao.status, ao.reason = StatusUnknown, fmt.Sprintf("whether alarm %s reaches a confirmed SNS subscriber is not known", name)
		}
		if ao.better(best) {
			best = ao
		}
		if best.status == StatusYes {
			break
		}
	}
	return best
}

// firesOnEvents says whether the events a metric filter counts can set its alarm off. A
// filter publishes its metric value for each matching event and nothing otherwise, so only
// an alarm that fires when the metric rises can fire on them; and a statistic other than
// Sum or SampleCount never goes past the value one event publishes (every datapoint is that
// value), so such an alarm must fire at that value. A metric value taken from the event
// ($.field) is not second-guessed.
func firesOnEvents(a *Alarm, name, filter, metricValue string) (string, string) {
	for _, f := range []struct{ field, what string }{
		{"comparison_operator", "comparison operator"}, {"threshold", "threshold"},
		{"statistic", "statistic"}, {"extended_statistic", "statistic"},
	} {
		if slices.Contains(a.UnknownFields, f.field) {
			return StatusUnknown, fmt.Sprintf("the %s of alarm %s is unknown until apply", f.what, name)
		}
	}
	switch a.ComparisonOperator {
	case opGT, opGE:
	case opLT, opLE:
		return StatusNo, fmt.Sprintf("alarm %s fires when the metric is below its threshold (%s), so the events of metric filter %s never make it fire",
			name, a.ComparisonOperator, filter)
	default:
		return StatusNo, fmt.Sprintf("alarm %s does not compare the metric with a threshold (comparison operator %q), so the events of metric filter %s cannot be said to make it fire",
			name, a.ComparisonOperator, filter)
	}
	if a.Threshold == nil {
		return StatusNo, fmt.Sprintf("alarm %s has no threshold", name)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(metricValue), 64)
	stat := cmpOr(a.Statistic, a.ExtendedStatistic)
	if err != nil || stat == "SampleCount" || (stat == "Sum" && v > 0) {
		// Enough events reach any threshold.
		return StatusYes, ""
	}
	th := *a.Threshold
	if v > th || (v == th && a.ComparisonOperator == opGE) {
		return StatusYes, ""
	}
	sign := ">"
	if a.ComparisonOperator == opGE {
		sign = ">="
	}
	return StatusNo, fmt.Sprintf("alarm %s fires when the %s is %s %s, but each event of metric filter %s publishes %s, so it never fires",
		name, stat, sign, strconv.FormatFloat(th, 'g', -1, 64), filter, metricValue)
}

// notifyingTopic names the first SNS topic among the alarm's ALARM actions that has a
// confirmed subscriber.
func notifyingTopic(a *Alarm) string {
	for _, t := range a.Posture.Actions {
		if t.Kind == ActionSNS && t.ConfirmedSubscribers != nil && *t.ConfirmedSubscribers > 0 {
			return t.ARN
		}
	}
	return ""
}

func hasSNSAction(a *Alarm) bool {
	for _, t := range a.Posture.Actions {
		if t.Kind == ActionSNS {
			return true
		}
	}
	for _, arn := range a.AlarmActions {
		if strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":sns:") {
			return true
		}
	}
	return false
}
