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
		if why := ix.topicKeyBlocks(t, action); why != "" {
			if !hasErrorFor(t.Errors, opListSubscriptions) && !hasErrorFor(t.Errors, opListSubsByTopic) {
				n := t.Posture.ConfirmedSubscribers
				r.target.ConfirmedSubscribers = &n
			}
			r.notifies = StatusNo
			r.reason = why
			return r
		}
		// A topic that ListSubscriptions left without a confirmed subscription is listed on
		// its own (another account's subscriptions appear only there): when that fails, its
		// subscribers are unknown too.
		if ix.failed(t.AccountID, t.Region, opListSubscriptions) || hasErrorFor(t.Errors, opListSubscriptions) ||
			ix.failed(t.AccountID, t.Region, opListSubsByTopic) || hasErrorFor(t.Errors, opListSubsByTopic) {
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

// topicKeyBlocks says why the topic's KMS key keeps an alarm from publishing to it, whoever
// subscribes, or "" when it does not, as far as the snapshot knows.
func (ix *index) topicKeyBlocks(t *SNSTopic, action string) string {
	if ix.kmsKeyManager(t.KMSKeyID, t.AccountID, t.Region) == "AWS" {
		// The AWS managed key aws/sns grants CloudWatch neither kms:GenerateDataKey nor
		// kms:Decrypt, and its policy cannot be changed.
		return fmt.Sprintf("topic %s is encrypted with the AWS managed key %s, which CloudWatch alarms cannot publish with", action, t.KMSKeyID)
	}
	// SNS encrypts each message with the topic's key: while the key cannot be used,
	// publishing fails. A key whose state is not known leaves the verdict to the
	// subscribers, as the key's policy, which storewatch does not read, does for a usable key.
	if state := ix.kmsKeyState(t.KMSKeyID, t.AccountID, t.Region); slices.Contains(UnusableKeyStates, state) {
		return fmt.Sprintf("topic %s is encrypted with KMS key %s, which is %s: SNS cannot encrypt the alarm's message, so it reaches no one", action, t.KMSKeyID, state)
	}
	return ""
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
	// via are the parent composite alarms through which an alarm reaches someone.
	via []string
}

// judgeActions judges an alarm's own ALARM actions; withParents and withStuck complete the
// verdict.
func (ix *index) judgeActions(m *Meta, enabled bool, actions []string) alarmEffectiveness {
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
	{NamespaceRDS, "DBInstanceIdentifier"}:     "rds:DescribeDBInstances",
	{NamespaceRDS, "DBClusterIdentifier"}:      "rds:DescribeDBClusters",
	{NamespaceDocDB, "DBInstanceIdentifier"}:   "rds:DescribeDBInstances",
	{NamespaceDocDB, "DBClusterIdentifier"}:    "rds:DescribeDBClusters",
	{NamespaceNeptune, "DBInstanceIdentifier"}: "rds:DescribeDBInstances",
	{NamespaceNeptune, "DBClusterIdentifier"}:  "rds:DescribeDBClusters",
	{NamespaceDynamoDB, "TableName"}:           "dynamodb:ListTables",
	{NamespaceS3, "BucketName"}:                "s3:ListBuckets",
	{NamespaceRedshift, "ClusterIdentifier"}:   "redshift:DescribeClusters",
	{NamespaceRedshiftSL, "Namespace"}:         "redshift-serverless:ListNamespaces",
	{NamespaceElastiCache, "CacheClusterId"}:   "elasticache:DescribeCacheClusters",
	{NamespaceOpenSearch, "DomainName"}:        "es:ListDomainNames",
	{NamespaceMemoryDB, "ClusterName"}:         "memorydb:DescribeClusters",
}

// storeNamespace reports whether a data store publishes metrics in namespace.
func storeNamespace(namespace string) bool {
	for k := range storeDimensionListing {
		if k[0] == namespace {
			return true
		}
	}
	return false
}

// alarmIndex holds the joins between alarms and the metrics they read, built once.
type alarmIndex struct {
	byDimension map[dimensionKey][]metricUse
	// unresolved holds the alarms that might read a metric of the key's store once a plan
	// is applied, because the plan leaves part of what they read unknown. An empty field of
	// the key matches anything: an empty account any account of the region (a query's
	// account is unknown), an empty namespace any namespace, an empty dimension (with an
	// empty value) any dimension (the dimensions themselves are unknown), an empty value
	// any value of the dimension.
	unresolved map[dimensionKey][]int
	// wildcards says which fields some key of unresolved leaves empty, so a store looks up
	// only the keys that can hold something.
	wildcards struct{ account, namespace, dimensions bool }
	// reasons says, per alarm of unresolved, what the plan leaves unknown.
	reasons map[int][]string
	// existing holds every store identifier the snapshot knows, for orphan detection.
	existing map[dimensionKey]bool
	// ix is the snapshot's index, for the listings that failed or were not made.
	ix *index
	// cacheClusterIDs holds, per account and region, the keys of the CacheClusterId values
	// alarms read that no store holds; made when a replication group needs it.
	cacheClusterIDs map[[2]string][]dimensionKey
}

// resolveAlarms derives the posture of every metric and composite alarm, the alarms that
// watch each store, and the account-level DynamoDB capacity alarms of each region.
func resolveAlarms(s *Snapshot, ix *index) {
	// Composite alarms first: a metric alarm's posture records its parents.
	parents := resolveCompositeAlarms(s, ix)
	for i := range s.Alarms {
		a := &s.Alarms[i]
		days := stuckDays(a, ix.collectedAt(a.AccountID))
		own := ix.judgeActions(&a.Meta, a.ActionsEnabled, a.AlarmActions)
		e := own.withParents(parents.of(parents.metricFires[i])).
			withUndecidedParents(parents.undecided(a)).
			withStuck(days)
		a.Posture = AlarmPosture{
			Actions:          e.actions,
			Notifies:         e.notifies,
			SelfHealing:      e.selfHealing,
			Effective:        e.effective,
			Problems:         e.problems,
			ActionProblems:   own.problems,
			ReachesVia:       e.via,
			ParentComposites: parents.ids(parents.metric[i]),
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
		a.Posture.Orphaned, a.Posture.MissingResources = ai.orphaned(s, ix, i)
	}
	linkAccountCapacityAlarms(s, ix)
}

func buildAlarmIndex(s *Snapshot, ix *index) *alarmIndex {
	ai := &alarmIndex{
		ix:          ix,
		byDimension: make(map[dimensionKey][]metricUse, len(s.Alarms)),
		unresolved:  map[dimensionKey][]int{},
		reasons:     map[int][]string{},
		existing:    make(map[dimensionKey]bool, len(ix.stores)),
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		eachMetricRead(a, i, func(r metricRead) { ai.add(ix, a.Region, r) })
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

// metricRead is one metric an alarm reads, as far as the snapshot knows it: a plan may
// leave any part of it unknown until apply.
type metricRead struct {
	use metricUse
	// queryID is the id of the metric-math query, for reasons.
	queryID string
	// account is the account whose metric is read; accountKnown is false when a plan
	// leaves a query's account unknown.
	account      string
	accountKnown bool
	namespace    string
	name         string
	dims         []Dimension
	// namespaceKnown, nameKnown and dimsKnown are false when a plan leaves the namespace,
	// the metric name or the dimensions, even their names, unknown until apply. A dimension
	// whose value alone is unknown keeps its name: the dimensions are known then.
	namespaceKnown, nameKnown, dimsKnown bool
	// queriesUnknown is set for the one read that stands for a metric-math alarm's queries
	// when the plan leaves even how many there are unknown: nothing of it is known.
	queriesUnknown bool
	// metricUnknown is set when a plan leaves a query's whole metric block unknown.
	metricUnknown bool
}

// decided reports whether the plan knows which metric the read is, up to the values of its
// dimensions.
func (r metricRead) decided() bool {
	return r.accountKnown && r.namespaceKnown && r.nameKnown && r.dimsKnown
}

// part names a part of the metric read, for reasons: "its X" for the alarm's own metric,
// "the X of its query m1" for a query's (by its position when its id is unknown too).
func (r metricRead) part(what string) string {
	if r.use.query < 0 {
		return "its " + what
	}
	return "the " + what + " of its query " + cmpOr(r.queryID, fmt.Sprintf("#%d", r.use.query+1))
}

// reasons says what the plan leaves unknown about the read.
func (r metricRead) reasons() []string {
	const after = " known only after apply"
	if r.queriesUnknown {
		return []string{"its metric queries are" + after}
	}
	var out []string
	if !r.accountKnown {
		out = append(out, r.part("account")+" is"+after)
	}
	if r.metricUnknown {
		return append(out, r.part("metric")+" is"+after)
	}
	if !r.namespaceKnown {
		out = append(out, r.part("namespace")+" is"+after)
	}
	if !r.nameKnown {
		out = append(out, r.part("metric name")+" is"+after)
	}
	if !r.dimsKnown {
		out = append(out, r.part("dimensions")+" are"+after)
	}
	return out
}

// eachMetricRead calls yield with each metric alarm a (at index i of the snapshot's alarms)
// reads: its own, each query's, and, when a plan leaves its metric queries unknown until
// apply, one read that stands for all of them and of which nothing is known.
func eachMetricRead(a *Alarm, i int, yield func(metricRead)) {
	unknown := func(fields []string, f string) bool { return slices.Contains(fields, f) }
	// A plain alarm's metric name is required: one that is empty and known means the alarm
	// reads metric-math queries instead.
	if a.MetricName != "" || unknown(a.UnknownFields, "metric_name") {
		yield(metricRead{
			use: metricUse{alarm: i, query: -1},
			// An alarm's own metric is always in the alarm's account.
			account: a.AccountID, accountKnown: true,
			namespace: a.Namespace, name: a.MetricName, dims: a.Dimensions,
			namespaceKnown: !unknown(a.UnknownFields, "namespace"),
			nameKnown:      !unknown(a.UnknownFields, "metric_name"),
			dimsKnown:      dimensionsKnown(a.UnknownFields, a.Dimensions),
		})
	}
	for j := range a.Metrics {
		q := &a.Metrics[j]
		r := metricRead{use: metricUse{alarm: i, query: j}, queryID: q.ID}
		r.account, r.accountKnown = queryAccount(a, q)
		switch {
		case q.MetricStatUnknown:
			r.metricUnknown = true
		case q.MetricStat == nil:
			// An expression reads the other queries' metrics, not one of its own.
			continue
		default:
			m := q.MetricStat
			r.namespace, r.name, r.dims = m.Namespace, m.MetricName, m.Dimensions
			r.namespaceKnown = !unknown(m.UnknownFields, "namespace")
			r.nameKnown = !unknown(m.UnknownFields, "metric_name")
			r.dimsKnown = dimensionsKnown(m.UnknownFields, m.Dimensions)
		}
		yield(r)
	}
	if a.MetricsUnknown {
		// The queries' account_id is as unknown as the rest of them.
		yield(metricRead{use: metricUse{alarm: i, query: -1}, queriesUnknown: true})
	}
}

// dimensionsKnown reports whether a plan knows which dimensions a metric has. The
// dimensions field is unknown both when the whole map is and when a value is; only in the
// first case are no dimensions listed.
func dimensionsKnown(unknownFields []string, dims []Dimension) bool {
	return len(dims) > 0 || !slices.Contains(unknownFields, "dimensions")
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

// add indexes a metric the alarm reads in region. A metric the plan knows is filed under
// its dimensions, or, for a dimension whose value is unknown, among the alarms that might
// watch any store with that dimension; a metric the plan leaves partly unknown is filed
// only among the alarms that might watch a store, under what is known of it.
func (ai *alarmIndex) add(ix *index, region string, r metricRead) {
	if r.namespaceKnown && r.namespace == "" {
		// No namespace at all: the metric is no store's.
		return
	}
	maybe := func(k dimensionKey, reasons ...string) {
		ai.unresolved[k] = append(ai.unresolved[k], r.use.alarm)
		for _, why := range reasons {
			if !slices.Contains(ai.reasons[r.use.alarm], why) {
				ai.reasons[r.use.alarm] = append(ai.reasons[r.use.alarm], why)
			}
		}
	}
	account, namespace := r.account, r.namespace
	if !r.accountKnown {
		account, ai.wildcards.account = "", true
	}
	if !r.namespaceKnown {
		namespace, ai.wildcards.namespace = "", true
	}
	if !r.dimsKnown {
		// Nothing says which resource the metric is of: it might be any store's.
		ai.wildcards.dimensions = true
		maybe(dimensionKey{account: account, region: region, namespace: namespace}, r.reasons()...)
		return
	}
	decided := r.decided()
	ix.eachDimensionKey(account, region, namespace, r.dims, func(k dimensionKey, named bool) {
		switch {
		case decided && named:
			ai.byDimension[k] = append(ai.byDimension[k], r.use)
		case named:
			maybe(k, r.reasons()...)
		default:
			// Nothing says which resource the dimension names: it might be any of them.
			maybe(k, append(r.reasons(), "the value of "+r.part("dimension "+k.dimension)+" is known only after apply")...)
		}
	})
}

// linkStore records the alarms that read one of the store's metrics, and the alarms that
// might once a plan is applied (it leaves part of what they read unknown), on the store and
// on the alarms.
func linkStore(s *Snapshot, ai *alarmIndex, st *storeRef) {
	st.posture.Alarms = nil
	st.posture.UnresolvedAlarms = nil
	st.posture.UnresolvedReasons = nil
	// Most stores have no alarm or a handful: the maps are made only when needed.
	var seen map[metricUse]bool
	var linked map[int]bool
	var undecided []UnresolvedAlarm
	visit := func(uses []metricUse) {
		for _, u := range uses {
			if seen[u] {
				continue
			}
			if st.bucket != nil || st.domain != nil || st.table != nil {
				switch ok, why := published(s, ai.ix, st, u); {
				case why != "":
					undecided = append(undecided, UnresolvedAlarm{Alarm: s.Alarms[u.alarm].ID, Reasons: []string{why}})
					continue
				case !ok:
					continue
				}
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
	if len(ai.unresolved) > 0 {
		linkUnresolved(s, ai, st, linked)
	}
	if st.cache != nil && st.cache.Type == TypeElastiCacheReplicationGroup && slices.Contains(st.meta.UnknownFields, "members") {
		linkUnnamedMembers(s, ai, st, linked)
	}
	addUnresolved(st, undecided)
	slices.SortStableFunc(st.posture.Alarms, func(x, y AlarmLink) int {
		if c := strings.Compare(x.Alarm, y.Alarm); c != 0 {
			return c
		}
		return strings.Compare(x.Metric, y.Metric)
	})
}

// linkUnresolved records on the store the alarms not linked to it that might read one of its
// metrics once the plan is applied, looking up each key of unresolved that can match the
// store: its account or any, its namespace or any, its dimension with its value, its
// reference or any value, or any dimension.
func linkUnresolved(s *Snapshot, ai *alarmIndex, st *storeRef, linked map[int]bool) {
	accounts := []string{st.meta.AccountID}
	if ai.wildcards.account {
		accounts = append(accounts, "")
	}
	var found []int
	for _, k := range st.metrics {
		namespaces := []string{k.namespace}
		if ai.wildcards.namespace {
			namespaces = append(namespaces, "")
		}
		for _, account := range accounts {
			for _, ns := range namespaces {
				at := func(dimension, value string) {
					found = append(found, ai.unresolved[dimensionKey{account, st.meta.Region, ns, dimension, value}]...)
				}
				at(k.dimension, "")
				if k.value != "" {
					at(k.dimension, k.value)
				}
				if k.ref != "" {
					at(k.dimension, "ref:"+k.ref)
				}
				if ai.wildcards.dimensions {
					at("", "")
				}
			}
		}
	}
	slices.Sort(found)
	for _, i := range slices.Compact(found) {
		if linked[i] {
			continue
		}
		a := &s.Alarms[i]
		st.posture.UnresolvedAlarms = append(st.posture.UnresolvedAlarms, a.ID)
		st.posture.UnresolvedReasons = append(st.posture.UnresolvedReasons, UnresolvedAlarm{Alarm: a.ID, Reasons: slices.Clip(ai.reasons[i])})
	}
	// Two alarms of one id (two accounts' plans) are listed once, as before.
	st.posture.UnresolvedAlarms = sortedUnique(st.posture.UnresolvedAlarms)
	slices.SortStableFunc(st.posture.UnresolvedReasons, func(x, y UnresolvedAlarm) int { return strings.Compare(x.Alarm, y.Alarm) })
	st.posture.UnresolvedReasons = slices.CompactFunc(st.posture.UnresolvedReasons, func(x, y UnresolvedAlarm) bool { return x.Alarm == y.Alarm })
}

// linkUnnamedMembers records on a replication group whose member clusters a plan leaves
// unnamed until apply (a new group) the alarms that might watch one of them: those reading
// a CacheClusterId that has the form ElastiCache gives its members (GROUP-001, or
// GROUP-0001-001 in cluster mode) and that no store of the snapshot holds. They are neither
// linked nor ignored: which clusters the group will have is known only after apply.
func linkUnnamedMembers(s *Snapshot, ai *alarmIndex, st *storeRef, linked map[int]bool) {
	if st.meta.Name == "" {
		return
	}
	if ai.cacheClusterIDs == nil {
		ai.cacheClusterIDs = map[[2]string][]dimensionKey{}
		for k := range ai.byDimension {
			if k.namespace == NamespaceElastiCache && k.dimension == "CacheClusterId" && !strings.HasPrefix(k.value, "ref:") && !ai.existing[k] {
				ai.cacheClusterIDs[[2]string{k.account, k.region}] = append(ai.cacheClusterIDs[[2]string{k.account, k.region}], k)
			}
		}
	}
	why := "the member clusters of replication group " + st.meta.Name + " are named only at apply"
	var found []UnresolvedAlarm
	for _, k := range ai.cacheClusterIDs[[2]string{st.meta.AccountID, st.meta.Region}] {
		if !memberClusterID(st.meta.Name, k.value) {
			continue
		}
		for _, u := range ai.byDimension[k] {
			if linked[u.alarm] || slices.Contains(st.posture.UnresolvedAlarms, s.Alarms[u.alarm].ID) {
				continue
			}
			found = append(found, UnresolvedAlarm{Alarm: s.Alarms[u.alarm].ID, Reasons: []string{why}})
		}
	}
	addUnresolved(st, found)
}

// addUnresolved records on the store alarms that might watch it once a plan is applied,
// with why, unless they are linked to it already.
func addUnresolved(st *storeRef, found []UnresolvedAlarm) {
	found = slices.DeleteFunc(found, func(f UnresolvedAlarm) bool {
		for _, l := range st.posture.Alarms {
			if l.Alarm == f.Alarm {
				return true
			}
		}
		return false
	})
	if len(found) == 0 {
		return
	}
	for _, f := range found {
		st.posture.UnresolvedAlarms = append(st.posture.UnresolvedAlarms, f.Alarm)
	}
	st.posture.UnresolvedAlarms = sortedUnique(st.posture.UnresolvedAlarms)
	st.posture.UnresolvedReasons = append(st.posture.UnresolvedReasons, found...)
	slices.SortStableFunc(st.posture.UnresolvedReasons, func(x, y UnresolvedAlarm) int { return strings.Compare(x.Alarm, y.Alarm) })
	st.posture.UnresolvedReasons = slices.CompactFunc(st.posture.UnresolvedReasons, func(x, y UnresolvedAlarm) bool { return x.Alarm == y.Alarm })
}

// published reports whether the metric an alarm reads with the store's identifying
// dimension is one the store publishes (see bucketPublishes and domainPublishes); why is set
// when a plan leaves that undecided.
func published(s *Snapshot, ix *index, st *storeRef, u metricUse) (ok bool, why string) {
	a := &s.Alarms[u.alarm]
	metric, dims := a.MetricName, a.Dimensions
	if u.query >= 0 {
		if ms := a.Metrics[u.query].MetricStat; ms != nil {
			metric, dims = ms.MetricName, ms.Dimensions
		}
	}
	switch {
	case st.bucket != nil:
		return bucketPublishes(ix, st.bucket, metric, dims)
	case st.domain != nil:
		return domainPublishes(st.domain, dims)
	case st.table != nil:
		need := tableMetricDimension[metric]
		if need == "" || slices.ContainsFunc(dims, func(d Dimension) bool { return d.Name == need }) {
			return true, ""
		}
		return false, ""
	}
	return true, ""
}

// tableMetricDimension names, for the DynamoDB table metrics that have one, the dimension
// DynamoDB always publishes them with beside TableName: ReplicationLatency per receiving
// Region of a global table, SuccessfulRequestLatency per operation. An alarm without it
// watches nothing.
var tableMetricDimension = map[string]string{
	"ReplicationLatency":       "ReceivingRegion",
	"SuccessfulRequestLatency": "Operation",
}

// domainPublishes: OpenSearch Service publishes every domain metric with two dimensions,
// DomainName and ClientId (the domain's account): an alarm without ClientId, or with
// another account's, watches nothing.
func domainPublishes(d *OpenSearchDomain, dims []Dimension) (ok bool, why string) {
	i := slices.IndexFunc(dims, func(d Dimension) bool { return d.Name == "ClientId" })
	if i < 0 {
		return false, ""
	}
	switch client := dims[i].Value; {
	case client == "":
		return false, "the ClientId of its metric is known only after apply"
	case client == d.AccountID || !isAccountID(d.AccountID):
		// A plan may not know the domain's account (a placeholder): the ClientId may be it.
		return true, ""
	}
	return false, ""
}

// isAccountID reports whether s is a 12-digit AWS account id (not a plan's placeholder).
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// opListBucketMetricsConfigs lists a bucket's request-metrics configurations.
const opListBucketMetricsConfigs = "s3:ListBucketMetricsConfigurations"

// s3RequestMetrics are the S3 request metrics: S3 publishes them only for a bucket's
// metrics configuration, with the configuration's id as the FilterId dimension.
var s3RequestMetrics = map[string]bool{
	"AllRequests": true, "GetRequests": true, "PutRequests": true, "DeleteRequests": true, "HeadRequests": true,
	"PostRequests": true, "SelectRequests": true, "SelectBytesScanned": true, "SelectBytesReturned": true,
	"ListRequests": true, "BytesDownloaded": true, "BytesUploaded": true, "4xxErrors": true, "5xxErrors": true,
	"FirstByteLatency": true, "TotalRequestLatency": true,
}

// bucketPublishes reports whether the metric an alarm reads with the bucket's BucketName is
// one S3 publishes: a request metric exists only under the FilterId of one of the bucket's
// metrics configurations, so an alarm without FilterId, or with one the bucket does not
// have, watches nothing. why is set when that cannot be decided: the FilterId or the
// bucket's configurations are known only after apply, or could not be read.
func bucketPublishes(ix *index, b *S3Bucket, metric string, dims []Dimension) (ok bool, why string) {
	if !s3RequestMetrics[metric] {
		return true, ""
	}
	i := slices.IndexFunc(dims, func(d Dimension) bool { return d.Name == "FilterId" })
	if i < 0 {
		return false, ""
	}
	filter := dims[i].Value
	switch {
	case filter == "":
		return false, "the FilterId of its " + metric + " metric is known only after apply"
	case slices.Contains(b.MetricsConfigurations, filter):
		return true, ""
	}
	// Whether the bucket has the configuration is undecided: say why in the words of the
	// cause, a plan's unknown value or a live listing that failed or was not made, so a live
	// scan never reads as a plan.
	what := "the metrics configurations of bucket " + b.Name
	switch {
	case slices.Contains(b.UnknownFields, "metrics_configurations"):
		return false, "the plan leaves " + what + " unknown until apply, so whether it has " + filter + " is unknown"
	case hasErrorFor(b.Errors, opListBucketMetricsConfigs):
		return false, what + " could not be listed (" + opListBucketMetricsConfigs + " failed), so whether it has " + filter + " is unknown"
	case ix != nil && ix.failed(b.AccountID, b.Region, opListBucketMetricsConfigs):
		return false, ix.unlisted(what, b.AccountID, b.Region, opListBucketMetricsConfigs) + ", so whether it has " + filter + " is unknown"
	}
	return false, ""
}

// memberClusterID reports whether id has the form of a member cluster of replication group
// group: GROUP-NNN (cluster mode disabled) or GROUP-NNNN-NNN (cluster mode enabled).
func memberClusterID(group, id string) bool {
	rest, ok := strings.CutPrefix(id, group+"-")
	if !ok {
		return false
	}
	digits := func(s string, n int) bool {
		if len(s) != n {
			return false
		}
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	if shard, node, ok := strings.Cut(rest, "-"); ok {
		return digits(shard, 4) && digits(node, 3)
	}
	return digits(rest, 3)
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
// partial, a plan leaves unknown which resource a metric is of), no otherwise.
func (ai *alarmIndex) orphaned(s *Snapshot, ix *index, i int) (string, []string) {
	a := &s.Alarms[i]
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
	eachMetricRead(a, i, func(r metricRead) {
		switch {
		case r.namespaceKnown && !storeNamespace(r.namespace):
			// No store publishes metrics there, whatever the dimensions turn out to be.
			return
		case !r.namespaceKnown || !r.dimsKnown:
			// Which resource the metric is of is known only after apply.
			unknown = true
			return
		}
		check(r.account, r.accountKnown, r.namespace, r.dims)
	})
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
// counts for the region of the account it reads. An alarm of a plan that might read them
// once applied is recorded as unresolved: on the region of the account its read names, or,
// when the plan leaves that account unknown, on every account's region of the alarm's
// Region. It also records whose alarms in the region could not be listed and might be
// another (unlistedAlarmAccounts).
func linkAccountCapacityAlarms(s *Snapshot, ix *index) {
	var byRegionName map[string][]*RegionScope
	regionsOf := func(account, region string, accountKnown bool) []*RegionScope {
		if accountKnown {
			if r := ix.regions[scopedName{account, region, ""}]; r != nil {
				return []*RegionScope{r}
			}
			return nil
		}
		if byRegionName == nil {
			byRegionName = map[string][]*RegionScope{}
			for i := range s.Regions {
				byRegionName[s.Regions[i].Region] = append(byRegionName[s.Regions[i].Region], &s.Regions[i])
			}
		}
		return byRegionName[region]
	}
	for i := range s.Regions {
		r := &s.Regions[i]
		r.Posture.UnlistedAlarmAccounts = ix.unlistedAlarmAccounts(r.AccountID, r.Region)
		r.Posture.UnresolvedCapacityAlarms = nil
	}
	var undecided []*RegionScope
	for i := range s.Alarms {
		a := &s.Alarms[i]
		eachMetricRead(a, i, func(m metricRead) {
			switch readsAccountCapacity(m) {
			case StatusYes:
				for _, r := range regionsOf(m.account, a.Region, true) {
					r.Posture.DynamoDBAccountCapacityAlarms = append(r.Posture.DynamoDBAccountCapacityAlarms, alarmLink(a, m.use.query))
				}
			case StatusUnknown:
				for _, r := range regionsOf(m.account, a.Region, m.accountKnown) {
					if len(r.Posture.UnresolvedCapacityAlarms) == 0 {
						undecided = append(undecided, r)
					}
					r.Posture.UnresolvedCapacityAlarms = append(r.Posture.UnresolvedCapacityAlarms, UnresolvedAlarm{Alarm: a.ID, Reasons: m.reasons()})
				}
			}
		})
	}
	for _, r := range undecided {
		r.Posture.UnresolvedCapacityAlarms = mergeUnresolved(r.Posture.UnresolvedCapacityAlarms, r.Posture.DynamoDBAccountCapacityAlarms)
	}
}

// readsAccountCapacity reports whether a metric read is one of the account-level DynamoDB
// capacity utilisation metrics: yes, no, or unknown when a plan leaves unknown a part that
// would decide it.
func readsAccountCapacity(m metricRead) string {
	switch {
	case m.queriesUnknown || m.metricUnknown:
		return StatusUnknown
	case m.namespaceKnown && m.namespace != NamespaceDynamoDB,
		m.nameKnown && m.name != metricAccountReadUtil && m.name != metricAccountWriteUtil,
		// A metric with dimensions is a table's or an index's, not the account's, whatever
		// their values.
		m.dimsKnown && len(m.dims) > 0:
		return StatusNo
	case m.decided():
		return StatusYes
	}
	return StatusUnknown
}

// mergeUnresolved sorts alarms that might read a metric by id and merges each alarm's
// entries (one per read) into one with every reason, leaving out alarms already linked.
func mergeUnresolved(found []UnresolvedAlarm, linked []AlarmLink) []UnresolvedAlarm {
	found = slices.DeleteFunc(found, func(u UnresolvedAlarm) bool {
		return slices.ContainsFunc(linked, func(l AlarmLink) bool { return l.Alarm == u.Alarm })
	})
	slices.SortStableFunc(found, func(x, y UnresolvedAlarm) int { return strings.Compare(x.Alarm, y.Alarm) })
	var out []UnresolvedAlarm
	for _, u := range found {
		if n := len(out); n > 0 && out[n-1].Alarm == u.Alarm {
			for _, why := range u.Reasons {
				if !slices.Contains(out[n-1].Reasons, why) {
					out[n-1].Reasons = append(out[n-1].Reasons, why)
				}
			}
			continue
		}
		out = append(out, UnresolvedAlarm{Alarm: u.Alarm, Reasons: slices.Clone(u.Reasons)})
	}
	return out
}
