package inventory

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// StuckAfterDays is how long an alarm may sit in INSUFFICIENT_DATA before its posture calls it
// stuck: an alarm that has had no data for a week is not watching anything. Rule SW-AH-05 has
// its own parameter for the same judgement and defaults to this value.
const StuckAfterDays = 7

// Operations whose failure the alarm resolution turns into "unknown".
const (
	opListTopics           = "sns:ListTopics"
	opListSubscriptions    = "sns:ListSubscriptions"
	alarmStateInsuffData   = "INSUFFICIENT_DATA"
	pendingConfirmation    = PendingConfirmationARN
	metricAccountReadUtil  = "AccountProvisionedReadCapacityUtilization"
	metricAccountWriteUtil = "AccountProvisionedWriteCapacityUtilization"
)

// resolveTopics derives SNS topic posture: how many subscriptions are confirmed, and which
// alarms, composite alarms, event subscriptions and stores send to the topic.
func resolveTopics(s *Snapshot, ix *index) {
	users := map[*SNSTopic][]string{}
	use := func(target, user string) {
		if t := ix.topics[target]; t != nil {
			users[t] = append(users[t], user)
		}
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		for _, list := range [][]string{a.AlarmActions, a.OKActions, a.InsufficientDataActions} {
			for _, x := range list {
				use(x, a.ID)
			}
		}
	}
	for i := range s.CompositeAlarms {
		a := &s.CompositeAlarms[i]
		for _, list := range [][]string{a.AlarmActions, a.OKActions, a.InsufficientDataActions} {
			for _, x := range list {
				use(x, a.ID)
			}
		}
	}
	for i := range s.EventSubscriptions {
		use(s.EventSubscriptions[i].SNSTopicARN, s.EventSubscriptions[i].ID)
	}
	for i := range s.ElastiCacheClusters {
		use(s.ElastiCacheClusters[i].NotificationTopic, s.ElastiCacheClusters[i].ID)
	}
	for i := range s.MemoryDBClusters {
		use(s.MemoryDBClusters[i].SNSTopicARN, s.MemoryDBClusters[i].ID)
	}
	for i := range s.S3Buckets {
		for _, n := range s.S3Buckets[i].Notifications {
			if n.Kind == ActionSNS {
				use(n.ARN, s.S3Buckets[i].ID)
			}
		}
	}
	for i := range s.SNSTopics {
		t := &s.SNSTopics[i]
		n := 0
		for _, sub := range t.Subscriptions {
			if subscriptionConfirmed(sub) {
				n++
			}
		}
		t.Posture.ConfirmedSubscribers = n
		t.Posture.UsedBy = sortedUnique(users[t])
	}
}

// subscriptionConfirmed: SNS reports a subscription that awaits confirmation with the ARN
// "PendingConfirmation" and gives a real ARN only once it is confirmed; a plan has no ARN yet
// and says so with Confirmed.
func subscriptionConfirmed(sub Subscription) bool {
	if sub.Confirmed {
		return true
	}
	return strings.HasPrefix(sub.ARN, "arn:") && sub.ARN != pendingConfirmation
}

// actionReach is what one alarm action achieves: whether it reaches a person, and why not.
type actionReach struct {
	target ActionTarget
	// notifies is yes, no or unknown for an SNS action, "" for any other kind.
	notifies string
	reason   string
}

// resolveAction resolves one alarm action. SNS topics are looked up in the snapshot; a topic
// that is not there is "no" only when its account and region were listed without error, since
// a topic in an account outside the snapshot (a central alerting account) may well be fine.
func (ix *index) resolveAction(action string) actionReach {
	kind := alarmActionKind(action)
	t := ix.topics[action]
	if t != nil {
		kind = ActionSNS
	}
	if t == nil && isPlanReference(action) {
		return planReferenceReach(action)
	}
	r := actionReach{target: ActionTarget{ARN: action, Kind: kind}}
	if kind != ActionSNS {
		return r
	}
	if t != nil {
		if ix.failed(t.AccountID, t.Region, opListSubscriptions) || hasErrorFor(t.Errors, opListSubscriptions) {
			r.notifies = StatusUnknown
			r.reason = fmt.Sprintf("the subscriptions of topic %s could not be read", action)
			if awaitsConfirmation(t) {
				r.reason = fmt.Sprintf("the subscriptions of topic %s await confirmation by their recipients after apply", action)
			}
			return r
		}
		n := t.Posture.ConfirmedSubscribers
		r.target.ConfirmedSubscribers = &n
		if n > 0 {
			r.notifies = StatusYes
			return r
		}
		r.notifies = StatusNo
		r.reason = fmt.Sprintf("topic %s has no confirmed subscriber", action)
		return r
	}
	region, account := arnRegionAccount(action)
	acct := ix.accounts[account]
	switch {
	case acct == nil:
		r.notifies = StatusUnknown
		r.reason = fmt.Sprintf("topic %s belongs to account %s, which is not in the snapshot", action, account)
	case ix.failed(account, region, opListTopics):
		r.notifies = StatusUnknown
		r.reason = ix.unlisted(fmt.Sprintf("the SNS topics of %s in %s", account, region), account, region, opListTopics)
	case !slices.Contains(acct.Regions, region):
		r.notifies = StatusUnknown
		r.reason = fmt.Sprintf("topic %s is in region %s, which was not scanned", action, region)
	default:
		r.notifies = StatusNo
		r.reason = fmt.Sprintf("topic %s does not exist", action)
	}
	return r
}

// isPlanReference reports whether an action is the Terraform address a plan gives for a
// value known only after apply (docs/terraform.md), rather than an ARN.
func isPlanReference(action string) bool {
	if strings.HasPrefix(action, "arn:") {
		return false
	}
	segs := resourceSegments(action)
	return len(segs) >= 2 && strings.Contains(segs[0], "_") && segs[1] != ""
}

// planReferenceReach judges an action that a plan knows only as a reference to a resource
// or data source it has not got in the snapshot (a topic read by a data source at apply, a
// Lambda function's ARN, terraform_data): its kind comes from the resource type, and whether
// it reaches anyone is unknown, never "no".
func planReferenceReach(action string) actionReach {
	kind := addressActionKind(action)
	r := actionReach{target: ActionTarget{ARN: action, Kind: kind}}
	switch kind {
	case ActionSNS:
		r.notifies = StatusUnknown
		r.reason = fmt.Sprintf("topic %s is known only after apply, so are its subscribers", action)
	case ActionOther:
		r.notifies = StatusUnknown
		r.reason = fmt.Sprintf("%s is known only after apply, so is what it reaches", action)
	}
	return r
}

// unresolvedAction reports whether an action is a plan's reference to something whose kind
// cannot be told either: it may be automation as much as a topic.
func unresolvedAction(action string) bool {
	return isPlanReference(action) && addressActionKind(action) == ActionOther
}

// addressActionKind classifies a Terraform address (module.a["k"].data.aws_sns_topic.x) by
// its resource type.
func addressActionKind(addr string) string {
	segs := resourceSegments(addr)
	if len(segs) == 0 {
		return ActionOther
	}
	switch typ := segs[0]; {
	case typ == "aws_sns_topic":
		return ActionSNS
	case typ == "aws_lambda_function" || typ == "aws_lambda_alias":
		return ActionLambda
	case typ == "aws_autoscaling_policy" || typ == "aws_appautoscaling_policy":
		return ActionAutoScaling
	case strings.HasPrefix(typ, "aws_ssm"):
		return ActionSSM
	}
	return ActionOther
}

// resourceSegments are the segments of an address from its resource type on.
func resourceSegments(addr string) []string {
	segs := addressSegments(addr)
	for len(segs) >= 2 && segs[0] == "module" {
		segs = segs[2:]
	}
	if len(segs) >= 2 && segs[0] == "data" {
		segs = segs[1:]
	}
	return segs
}

// addressSegments splits an address at the dots outside instance keys, dropping the keys:
// a for_each key may hold dots and brackets of its own inside its quotes.
func addressSegments(addr string) []string {
	var segs []string
	var cur strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range addr {
		switch {
		case quoted:
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				quoted = false
			}
		case r == '"' && depth > 0:
			quoted = true
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == '.' && depth == 0:
			segs = append(segs, cur.String())
			cur.Reset()
		case depth == 0:
			cur.WriteRune(r)
		}
	}
	return append(segs, cur.String())
}

// alarmActionKind classifies an alarm action by the service of its ARN.
func alarmActionKind(action string) string {
	parts := strings.SplitN(action, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ActionOther
	}
	switch parts[2] {
	case "sns":
		return ActionSNS
	case "autoscaling", "application-autoscaling":
		return ActionAutoScaling
	case "ssm", "ssm-incidents":
		return ActionSSM
	case "lambda":
		return ActionLambda
	case "automate":
		// arn:aws:automate:region:ec2:stop|terminate|reboot|recover
		if parts[4] == "ec2" {
			return ActionEC2
		}
	case "swf":
		// The legacy form of EC2 actions: ...:action/actions/AWS_EC2.InstanceId.Stop/1.0
		if strings.Contains(parts[5], "AWS_EC2.") {
			return ActionEC2
		}
	}
	return ActionOther
}

// arnRegionAccount returns the region and account fields of an ARN.
func arnRegionAccount(arn string) (region, account string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return "", ""
	}
	return parts[3], parts[4]
}

// awaitsConfirmation reports whether a planned topic's subscribers all await their
// recipients' confirmation (CodePendingConfirmation), rather than being unreadable.
func awaitsConfirmation(t *SNSTopic) bool {
	return slices.ContainsFunc(t.Errors, func(e CollectionError) bool { return e.Code == CodePendingConfirmation })
}

func hasErrorFor(errs []CollectionError, op string) bool {
	for _, e := range errs {
		if e.Operation == op {
			return true
		}
	}
	return false
}

// alarmEffectiveness turns an alarm's ALARM actions and state into its posture. It is shared
// by metric alarms (which also have a state to be stuck in) and composite alarms.
type alarmEffectiveness struct {
	actions     []ActionTarget
	notifies    string
	selfHealing bool
	effective   string
	problems    []string
}

func (ix *index) judgeActions(m *Meta, enabled bool, actions []string, stuckDays int) alarmEffectiveness {
	var e alarmEffectiveness
	var unknownReasons, deadReasons []string
	notifies := StatusNo
	for _, a := range actions {
		r := ix.resolveAction(a)
		e.actions = append(e.actions, r.target)
		switch r.target.Kind {
		case ActionAutoScaling, ActionSSM, ActionLambda, ActionEC2:
			e.selfHealing = true
		}
		switch r.notifies {
		case StatusYes:
			notifies = StatusYes
		case StatusUnknown:
			if notifies == StatusNo {
				notifies = StatusUnknown
			}
			unknownReasons = append(unknownReasons, r.reason)
		case StatusNo:
			deadReasons = append(deadReasons, r.reason)
		}
	}
	actionsUnknown := slices.Contains(m.UnknownFields, "alarm_actions") || slices.ContainsFunc(actions, unresolvedAction)
	if actionsUnknown && notifies != StatusYes {
		notifies = StatusUnknown
		unknownReasons = append(unknownReasons, "the plan leaves alarm_actions unknown until apply")
	}
	e.notifies = notifies

	var problems []string
	switch {
	case slices.Contains(m.UnknownFields, "actions_enabled"):
		unknownReasons = append(unknownReasons, "the plan leaves actions_enabled unknown until apply")
	case !enabled:
		problems = append(problems, "its actions are disabled, so it notifies nobody")
	}
	if len(actions) == 0 && !actionsUnknown {
		problems = append(problems, "it has no action for the ALARM state")
	}
	if stuckDays > StuckAfterDays {
		problems = append(problems, fmt.Sprintf("it has been in INSUFFICIENT_DATA for %d days", stuckDays))
	}
	if len(actions) > 0 && notifies == StatusNo && !e.selfHealing {
		if len(deadReasons) == 0 {
			deadReasons = append(deadReasons, "none of its ALARM actions is an SNS topic or automation")
		}
		problems = append(problems, "no ALARM action reaches a person or automation: "+strings.Join(deadReasons, "; "))
	}
	if notifies == StatusYes || e.selfHealing {
		unknownReasons = nil
	}
	switch {
	case len(problems) > 0:
		e.effective = StatusNo
	case len(unknownReasons) > 0:
		e.effective = StatusUnknown
	default:
		e.effective = StatusYes
	}
	e.problems = append(problems, unknownReasons...)
	return e
}

// stuckDays is how many whole days the alarm has been in INSUFFICIENT_DATA at collection time.
func stuckDays(a *Alarm, collected time.Time) int {
	if a.StateValue != alarmStateInsuffData || a.StateUpdatedAt == nil || collected.IsZero() {
		return 0
	}
	d := int(collected.Sub(*a.StateUpdatedAt).Hours() / 24)
	return max(d, 0)
}

// dimensionKey identifies one metric dimension of one alarm query within an account and
// region. value is "ref:<id>" for a plan's reference to a snapshot resource.
type dimensionKey struct {
	account, region, namespace, dimension, value string
}

// queryAccount is the account whose metric query q of alarm a reads: the query's account_id
// for a cross-account alarm, else the alarm's own account. known is false when a plan
// leaves the query's account_id unknown until apply. CloudWatch reads metrics across
// accounts within a Region only, so the region is always the alarm's.
func queryAccount(a *Alarm, q *MetricQuery) (account string, known bool) {
	if q.AccountUnknown {
		return "", false
	}
	return cmpOr(q.AccountID, a.AccountID), true
}

// metricUse is one metric an alarm reads: query is -1 for the alarm's own metric, or the
// index of a metric-math query.
type metricUse struct {
	alarm, query int
}

// storeDimensionListing maps the dimensions that identify a data store to the listing
// operation that would have found the store: an alarm naming a store the listing did not
// return watches nothing.
var storeDimensionListing = map[[2]string]string{
	{NamespaceRDS, "DBInstanceIdentifier"}:       "rds:DescribeDBInstances",
	{NamespaceRDS, "DBClusterIdentifier"}:        "rds:DescribeDBClusters",
	{NamespaceDocDB, "DBInstanceIdentifier"}:     "rds:DescribeDBInstances",
	{NamespaceDocDB, "DBClusterIdentifier"}:      "rds:DescribeDBClusters",
	{NamespaceNeptune, "DBInstanceIdentifier"}:   "rds:DescribeDBInstances",
	{NamespaceNeptune, "DBClusterIdentifier"}:    "rds:DescribeDBClusters",
	{NamespaceDynamoDB, "TableName"}:             "dynamodb:ListTables",
	{NamespaceS3, "BucketName"}:                  "s3:ListBuckets",
	{NamespaceRedshift, "ClusterIdentifier"}:     "redshift:DescribeClusters",
	{NamespaceRedshiftSL, "Namespace"}:           "redshift-serverless:ListNamespaces",
	{NamespaceElastiCache, "CacheClusterId"}:     "elasticache:DescribeCacheClusters",
	{NamespaceElastiCache, "ReplicationGroupId"}: "elasticache:DescribeReplicationGroups",
	{NamespaceOpenSearch, "DomainName"}:          "es:ListDomainNames",
	{NamespaceMemoryDB, "ClusterName"}:           "memorydb:DescribeClusters",
}

// alarmIndex holds the joins between alarms and the metrics they read, built once.
type alarmIndex struct {
	byDimension map[dimensionKey][]metricUse
	// unresolved holds, per (account, region, namespace, dimension) with an empty value,
	// the alarms whose value for that dimension is unknown.
	unresolved map[dimensionKey][]int
	// anyAccount holds, per (region, namespace, dimension, value) with an empty account, the
	// alarms with a metric-math query whose account a plan leaves unknown: they might read
	// the metric of that value in any account. An empty value stands for a dimension value
	// that is unknown too.
	anyAccount map[dimensionKey][]int
	// existing holds every store identifier the snapshot knows, for orphan detection.
	existing map[dimensionKey]bool
}

// resolveAlarms derives the posture of every metric and composite alarm, the alarms that
// watch each store, and the account-level DynamoDB capacity alarms of each region.
func resolveAlarms(s *Snapshot, ix *index) {
	// Composite alarms first: a metric alarm's posture records its parents.
	parents := resolveCompositeAlarms(s, ix)
	for i := range s.Alarms {
		a := &s.Alarms[i]
		days := stuckDays(a, s.CollectedAt)
		e := ix.judgeActions(&a.Meta, a.ActionsEnabled, a.AlarmActions, days)
		a.Posture = AlarmPosture{
			Actions:          e.actions,
			Notifies:         e.notifies,
			SelfHealing:      e.selfHealing,
			Effective:        e.effective,
			Problems:         e.problems,
			ParentComposites: sortedUnique(parents[i]),
			StuckDays:        days,
		}
	}

	ai := buildAlarmIndex(s, ix)
	for si := range ix.stores {
		st := &ix.stores[si]
		linkStore(s, ai, st)
		st.posture.AlarmsKnown = StatusYes
		st.posture.UnlistedAlarmAccounts = ix.unlistedAlarmAccounts(st.meta.AccountID, st.meta.Region)
		if len(st.posture.UnlistedAlarmAccounts) > 0 {
			st.posture.AlarmsKnown = StatusNo
		}
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		a.Posture.Watches = sortedUnique(a.Posture.Watches)
		a.Posture.Orphaned, a.Posture.MissingResources = ai.orphaned(s, ix, a)
	}
	linkAccountCapacityAlarms(s, ix)
}

// resolveCompositeAlarms resolves the children and actions of each composite alarm, and
// returns, per metric alarm index, the composite alarms that include it.
func resolveCompositeAlarms(s *Snapshot, ix *index) map[int][]string {
	parents := map[int][]string{}
	if len(s.CompositeAlarms) == 0 {
		return parents
	}
	type target struct {
		metric    int // index in s.Alarms, or -1
		composite string
	}
	byName := make(map[scopedName]target, len(s.Alarms)+len(s.CompositeAlarms))
	byARN := make(map[string]target, len(s.Alarms)+len(s.CompositeAlarms))
	for i := range s.Alarms {
		a := &s.Alarms[i]
		byName[scopedName{a.AccountID, a.Region, a.Name}] = target{metric: i}
		if a.ARN != "" {
			byARN[a.ARN] = target{metric: i}
		}
	}
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		byName[scopedName{c.AccountID, c.Region, c.Name}] = target{metric: -1, composite: c.ID}
		if c.ARN != "" {
			byARN[c.ARN] = target{metric: -1, composite: c.ID}
		}
	}
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		var children []string
		for _, ref := range parseAlarmRule(c.AlarmRule) {
			t, ok := byARN[ref]
			if !ok {
				t, ok = byName[scopedName{c.AccountID, c.Region, ref}]
			}
			switch {
			case !ok:
				children = append(children, ref)
			case t.metric >= 0:
				children = append(children, s.Alarms[t.metric].ID)
				parents[t.metric] = append(parents[t.metric], c.ID)
			default:
				children = append(children, t.composite)
			}
		}
		c.Posture.Children = sortedUnique(children)
		c.Posture.Actions = ix.judgeActions(&c.Meta, c.ActionsEnabled, c.AlarmActions, 0).actions
	}
	return parents
}

func buildAlarmIndex(s *Snapshot, ix *index) *alarmIndex {
	ai := &alarmIndex{
		byDimension: make(map[dimensionKey][]metricUse, len(s.Alarms)),
		unresolved:  map[dimensionKey][]int{},
		anyAccount:  map[dimensionKey][]int{},
		existing:    make(map[dimensionKey]bool, len(ix.stores)),
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		if a.MetricName != "" {
			// An alarm's own metric is always in the alarm's account.
			ai.add(ix, a.AccountID, a.Region, metricUse{alarm: i, query: -1}, a.Namespace, a.Dimensions)
		}
		for j := range a.Metrics {
			q := &a.Metrics[j]
			if q.MetricStat == nil {
				continue
			}
			if account, ok := queryAccount(a, q); ok {
				ai.add(ix, account, a.Region, metricUse{alarm: i, query: j}, q.MetricStat.Namespace, q.MetricStat.Dimensions)
			} else {
				ai.addAnyAccount(ix, a.Region, i, q.MetricStat.Namespace, q.MetricStat.Dimensions)
			}
		}
	}
	for _, st := range ix.stores {
		for _, k := range st.metrics {
			if k.value != "" {
				ai.existing[dimensionKey{st.meta.AccountID, st.meta.Region, k.namespace, k.dimension, k.value}] = true
			}
		}
	}
	return ai
}

// eachDimensionKey calls yield with the index key of each dimension of a metric read in
// account and region: by its value, by the store of the snapshot it references, and, when
// nothing names the resource (named false), with an empty value.
func (ix *index) eachDimensionKey(account, region, namespace string, dims []Dimension, yield func(k dimensionKey, named bool)) {
	for _, d := range dims {
		k := dimensionKey{account, region, namespace, d.Name, ""}
		if d.Value != "" {
			k.value = d.Value
			yield(k, true)
		}
		if d.Ref != "" && ix.storesByID[d.Ref] != nil {
			k.value = "ref:" + d.Ref
			yield(k, true)
			continue
		}
		if d.Value == "" {
			k.value = ""
			yield(k, false)
		}
	}
}

// add indexes the dimensions of a metric the alarm reads in account and region.
func (ai *alarmIndex) add(ix *index, account, region string, u metricUse, namespace string, dims []Dimension) {
	ix.eachDimensionKey(account, region, namespace, dims, func(k dimensionKey, named bool) {
		if named {
			ai.byDimension[k] = append(ai.byDimension[k], u)
		} else {
			// Nothing says which resource the dimension names: it might be any of them.
			ai.unresolved[k] = append(ai.unresolved[k], u.alarm)
		}
	})
}

// addAnyAccount indexes the dimensions of a metric the alarm reads in an account unknown
// until apply: the alarm might watch a store of that identifier in any account of the region.
func (ai *alarmIndex) addAnyAccount(ix *index, region string, alarm int, namespace string, dims []Dimension) {
	ix.eachDimensionKey("", region, namespace, dims, func(k dimensionKey, _ bool) {
		ai.anyAccount[k] = append(ai.anyAccount[k], alarm)
	})
}

// linkStore records the alarms that read one of the store's metrics, and the alarms that
// might (their dimension is unknown), on the store and on the alarms.
func linkStore(s *Snapshot, ai *alarmIndex, st *storeRef) {
	st.posture.Alarms = nil
	st.posture.UnresolvedAlarms = nil
	// Most stores have no alarm or a handful: the maps are made only when needed.
	var seen map[metricUse]bool
	var linked map[int]bool
	visit := func(uses []metricUse) {
		for _, u := range uses {
			if seen[u] {
				continue
			}
			if seen == nil {
				seen, linked = map[metricUse]bool{}, map[int]bool{}
			}
			seen[u] = true
			a := &s.Alarms[u.alarm]
			st.posture.Alarms = append(st.posture.Alarms, alarmLink(a, u.query))
			if !linked[u.alarm] {
				linked[u.alarm] = true
				a.Posture.Watches = append(a.Posture.Watches, st.meta.ID)
			}
		}
	}
	acct, region := st.meta.AccountID, st.meta.Region
	for _, k := range st.metrics {
		if k.value != "" {
			visit(ai.byDimension[dimensionKey{acct, region, k.namespace, k.dimension, k.value}])
		}
		if k.ref != "" {
			visit(ai.byDimension[dimensionKey{acct, region, k.namespace, k.dimension, "ref:" + k.ref}])
		}
	}
	unresolved := func(alarms []int) {
		for _, i := range alarms {
			if !linked[i] {
				st.posture.UnresolvedAlarms = append(st.posture.UnresolvedAlarms, s.Alarms[i].ID)
			}
		}
	}
	for _, k := range st.metrics {
		unresolved(ai.unresolved[dimensionKey{acct, region, k.namespace, k.dimension, ""}])
		if len(ai.anyAccount) == 0 {
			continue
		}
		// Queries whose account is unknown until apply might read this store's metric.
		unresolved(ai.anyAccount[dimensionKey{"", region, k.namespace, k.dimension, ""}])
		if k.value != "" {
			unresolved(ai.anyAccount[dimensionKey{"", region, k.namespace, k.dimension, k.value}])
		}
		if k.ref != "" {
			unresolved(ai.anyAccount[dimensionKey{"", region, k.namespace, k.dimension, "ref:" + k.ref}])
		}
	}
	st.posture.UnresolvedAlarms = sortedUnique(st.posture.UnresolvedAlarms)
	slices.SortStableFunc(st.posture.Alarms, func(x, y AlarmLink) int {
		if c := strings.Compare(x.Alarm, y.Alarm); c != 0 {
			return c
		}
		return strings.Compare(x.Metric, y.Metric)
	})
}

// alarmLink describes the metric an alarm reads, for a store's posture. Run it after the
// alarm's own posture is set: the link copies its effectiveness.
func alarmLink(a *Alarm, query int) AlarmLink {
	l := AlarmLink{
		Alarm:              a.ID,
		Name:               a.Name,
		Threshold:          a.Threshold,
		ComparisonOperator: a.ComparisonOperator,
		EvaluationPeriods:  a.EvaluationPeriods,
		DatapointsToAlarm:  datapointsToAlarm(a),
		Effective:          a.Posture.Effective,
		Problems:           slices.Clip(a.Posture.Problems),
		SelfHealing:        a.Posture.SelfHealing,
		ActionsUnknown:     slices.Contains(a.UnknownFields, "alarm_actions") || slices.ContainsFunc(a.AlarmActions, unresolvedAction),
	}
	if query < 0 {
		l.Namespace, l.Metric, l.Period = a.Namespace, a.MetricName, a.Period
		l.Index = indexDimension(a.Namespace, a.Dimensions)
		l.Statistic = a.Statistic
		if l.Statistic == "" {
			l.Statistic = a.ExtendedStatistic
		}
		return l
	}
	q := a.Metrics[query]
	l.Namespace, l.Metric = q.MetricStat.Namespace, q.MetricStat.MetricName
	l.Statistic, l.Period = q.MetricStat.Stat, q.MetricStat.Period
	l.Index = indexDimension(q.MetricStat.Namespace, q.MetricStat.Dimensions)
	// A query that is itself returned is compared with the threshold as it is; one that
	// feeds an expression is not, and its settings cannot be judged against a recommendation.
	l.ViaMetricMath = !q.ReturnData
	return l
}

// indexDimension returns the global secondary index a DynamoDB metric is limited to, "" for
// the table's own metric.
func indexDimension(namespace string, dims []Dimension) string {
	if namespace != NamespaceDynamoDB {
		return ""
	}
	for _, d := range dims {
		if d.Name == "GlobalSecondaryIndexName" {
			return cmpOr(d.Value, cmpOr(d.Ref, "(unknown until apply)"))
		}
	}
	return ""
}

// datapointsToAlarm is the M of an "M out of N" alarm: CloudWatch takes M = N when the
// alarm does not set it.
func datapointsToAlarm(a *Alarm) int {
	if a.DatapointsToAlarm > 0 {
		return a.DatapointsToAlarm
	}
	return a.EvaluationPeriods
}

// orphaned says whether the alarm names a data store that does not exist: yes with the
// missing "Dimension=value" pairs, unknown when existence cannot be established (a listing
// failed, the alarm comes from a plan that need not hold every store, the snapshot is
// partial, a dimension value is unknown), no otherwise.
func (ai *alarmIndex) orphaned(s *Snapshot, ix *index, a *Alarm) (string, []string) {
	var missing []string
	unknown := false
	// check judges the dimensions of a metric in account; known is false when the account
	// is unknown until apply.
	check := func(account string, known bool, namespace string, dims []Dimension) {
		for _, d := range dims {
			op, ok := storeDimensionListing[[2]string{namespace, d.Name}]
			if !ok {
				continue
			}
			switch {
			case !known:
				unknown = true
			case d.Value == "":
				if d.Ref == "" || ix.storesByID[d.Ref] == nil {
					unknown = true
				}
			case ai.existing[dimensionKey{account, a.Region, namespace, d.Name, d.Value}]:
			case namespace == NamespaceS3 && ix.buckets[d.Value] != nil:
				// Bucket names are global: the bucket exists, whatever region the alarm is in.
			case a.Source != nil || s.Partial || ix.failed(account, a.Region, op) || ix.accounts[account] == nil:
				unknown = true
			default:
				missing = append(missing, d.Name+"="+d.Value)
			}
		}
	}
	if a.MetricName != "" {
		check(a.AccountID, true, a.Namespace, a.Dimensions)
	}
	for j := range a.Metrics {
		if q := &a.Metrics[j]; q.MetricStat != nil {
			account, known := queryAccount(a, q)
			check(account, known, q.MetricStat.Namespace, q.MetricStat.Dimensions)
		}
	}
	switch {
	case len(missing) > 0:
		return StatusYes, sortedUnique(missing)
	case unknown:
		return StatusUnknown, nil
	}
	return StatusNo, nil
}

// linkAccountCapacityAlarms records, per region, the alarms on the account-level DynamoDB
// provisioned capacity utilisation metrics (which have no dimensions): a cross-account query
// counts for the region of the account it reads; one whose account is unknown until apply
// counts for none. It also records whose alarms in the region could not be listed and might
// be another (unlistedAlarmAccounts).
func linkAccountCapacityAlarms(s *Snapshot, ix *index) {
	isCapacity := func(namespace, metric string, dims []Dimension) bool {
		return namespace == NamespaceDynamoDB && len(dims) == 0 &&
			(metric == metricAccountReadUtil || metric == metricAccountWriteUtil)
	}
	link := func(account string, a *Alarm, query int) {
		if r := ix.regions[scopedName{account, a.Region, ""}]; r != nil {
			r.Posture.DynamoDBAccountCapacityAlarms = append(r.Posture.DynamoDBAccountCapacityAlarms, alarmLink(a, query))
		}
	}
	for i := range s.Regions {
		r := &s.Regions[i]
		r.Posture.UnlistedAlarmAccounts = ix.unlistedAlarmAccounts(r.AccountID, r.Region)
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		if a.MetricName != "" && isCapacity(a.Namespace, a.MetricName, a.Dimensions) {
			link(a.AccountID, a, -1)
		}
		for j := range a.Metrics {
			q := &a.Metrics[j]
			if q.MetricStat == nil || !isCapacity(q.MetricStat.Namespace, q.MetricStat.MetricName, q.MetricStat.Dimensions) {
				continue
			}
			if account, ok := queryAccount(a, q); ok {
				link(account, a, j)
			}
		}
	}
}
