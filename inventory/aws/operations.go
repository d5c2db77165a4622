package aws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// Operation is an AWS API operation in storewatch's vocabulary: the IAM service prefix and
// the API operation's name, "rds:DescribeDBInstances". Rules name the operations they need
// in custom.requires, collection errors name the operation that failed, and the engine
// joins the two, so both must use these names exactly.
type Operation string

// Service is the operation's service prefix (rds, s3, logs, ...).
func (o Operation) Service() string {
	s, _, _ := strings.Cut(string(o), ":")
	return s
}

// Action is the operation's name without the service prefix.
func (o Operation) Action() string {
	_, a, _ := strings.Cut(string(o), ":")
	return a
}

// The operations the collector knows, one constant per call it can make.
const (
	opGetCallerIdentity Operation = "sts:GetCallerIdentity"
	opAssumeRole        Operation = "sts:AssumeRole" //nolint:gosec // an operation's name, not a credential
	opDescribeRegions   Operation = "ec2:DescribeRegions"

	opDescribeOrganization Operation = "organizations:DescribeOrganization"
	opListAccounts         Operation = "organizations:ListAccounts"

	opDescribeTrails       Operation = "cloudtrail:DescribeTrails"
	opGetTrailStatus       Operation = "cloudtrail:GetTrailStatus"
	opGetEventSelectors    Operation = "cloudtrail:GetEventSelectors"
	opGetInsightSelectors  Operation = "cloudtrail:GetInsightSelectors"
	opListEventDataStores  Operation = "cloudtrail:ListEventDataStores"
	opGetEventDataStore    Operation = "cloudtrail:GetEventDataStore"
	opDescribeAlarms       Operation = "cloudwatch:DescribeAlarms"
	opDescribeLogGroups    Operation = "logs:DescribeLogGroups"
	opDescribeMetricFilter Operation = "logs:DescribeMetricFilters"
	opDescribeSubFilters   Operation = "logs:DescribeSubscriptionFilters"
	opDescribeLogPolicies  Operation = "logs:DescribeResourcePolicies"
	opListTopics           Operation = "sns:ListTopics"
	opListSubscriptions    Operation = "sns:ListSubscriptions"
	opListSubsByTopic      Operation = "sns:ListSubscriptionsByTopic"
	opGetTopicAttributes   Operation = "sns:GetTopicAttributes"

	opDescribeDBInstances         Operation = "rds:DescribeDBInstances"
	opDescribeDBClusters          Operation = "rds:DescribeDBClusters"
	opDescribeDBParameters        Operation = "rds:DescribeDBParameters"
	opDescribeDBClusterParameters Operation = "rds:DescribeDBClusterParameters"
	opDescribeOptionGroups        Operation = "rds:DescribeOptionGroups"
	opDescribeRDSEventSubs        Operation = "rds:DescribeEventSubscriptions"

	opListTables                  Operation = "dynamodb:ListTables"
	opDescribeTable               Operation = "dynamodb:DescribeTable"
	opDescribeContinuousBackups   Operation = "dynamodb:DescribeContinuousBackups"
	opDescribeContributorInsights Operation = "dynamodb:DescribeContributorInsights"
	opDescribeScalableTargets     Operation = "application-autoscaling:DescribeScalableTargets"

	opListBuckets                 Operation = "s3:ListBuckets"
	opGetBucketLocation           Operation = "s3:GetBucketLocation"
	opGetBucketLogging            Operation = "s3:GetBucketLogging"
	opGetBucketVersioning         Operation = "s3:GetBucketVersioning"
	opGetPublicAccessBlock        Operation = "s3:GetPublicAccessBlock"
	opGetBucketPolicyStatus       Operation = "s3:GetBucketPolicyStatus"
	opGetBucketACL                Operation = "s3:GetBucketAcl"
	opGetBucketPolicy             Operation = "s3:GetBucketPolicy"
	opListBucketMetricsConfigs    Operation = "s3:ListBucketMetricsConfigurations"
	opGetBucketNotificationConfig Operation = "s3:GetBucketNotificationConfiguration"
	opGetObjectLockConfiguration  Operation = "s3:GetObjectLockConfiguration"
	opGetBucketLifecycleConfig    Operation = "s3:GetBucketLifecycleConfiguration"
	opGetAccountPublicAccessBlock Operation = "s3control:GetPublicAccessBlock"
	opDescribeRedshiftClusters    Operation = "redshift:DescribeClusters"
	opDescribeLoggingStatus       Operation = "redshift:DescribeLoggingStatus"
	opDescribeClusterParameters   Operation = "redshift:DescribeClusterParameters"
	opDescribeRedshiftEventSubs   Operation = "redshift:DescribeEventSubscriptions"
	opListNamespaces              Operation = "redshift-serverless:ListNamespaces"
	opDescribeReplicationGroups   Operation = "elasticache:DescribeReplicationGroups"
	opDescribeCacheClusters       Operation = "elasticache:DescribeCacheClusters"
	opListDomainNames             Operation = "es:ListDomainNames"
	opDescribeDomains             Operation = "es:DescribeDomains"
	opDescribeMemoryDBClusters    Operation = "memorydb:DescribeClusters"
	opDescribeKey                 Operation = "kms:DescribeKey"
)

// opInfo is the catalogue entry of an operation: what it needs collected first, what it
// brings along, and the IAM actions that allow it.
type opInfo struct {
	// needs are collected whenever the operation is: a detail call needs the listing that
	// names its resources.
	needs []Operation
	// iam are the IAM actions the call needs, when they differ from the operation's name
	// (S3 names several permissions differently from the calls); nil means the operation
	// itself, empty means none.
	iam []string
	// global operations are called once per account, not per region.
	global bool
}

// catalogue lists every operation the collector can call. Plan, the IAM policy and the
// tests of both read it; a collector calling an operation missing here fails its tests.
var catalogue = map[Operation]opInfo{
	opGetCallerIdentity:    {iam: []string{}, global: true},
	opAssumeRole:           {global: true},
	opDescribeRegions:      {global: true},
	opDescribeOrganization: {global: true},
	opListAccounts:         {global: true},

	opDescribeTrails:       {},
	opGetTrailStatus:       {needs: []Operation{opDescribeTrails}},
	opGetEventSelectors:    {needs: []Operation{opDescribeTrails}},
	opGetInsightSelectors:  {needs: []Operation{opDescribeTrails}},
	opListEventDataStores:  {needs: []Operation{opGetEventDataStore}},
	opGetEventDataStore:    {needs: []Operation{opListEventDataStores}},
	opDescribeAlarms:       {},
	opDescribeLogGroups:    {},
	opDescribeMetricFilter: {needs: []Operation{opDescribeLogGroups}},
	opDescribeSubFilters:   {needs: []Operation{opDescribeLogGroups}},
	opDescribeLogPolicies:  {},
	opListTopics:           {},
	// ListSubscriptions lists only the subscriptions the scanning account owns; another
	// account's subscription to one of its topics is listed only by topic. The two are
	// always collected together, or such a topic would look unsubscribed.
	opListSubscriptions:  {needs: []Operation{opListTopics, opListSubsByTopic}},
	opListSubsByTopic:    {needs: []Operation{opListTopics, opListSubscriptions}},
	opGetTopicAttributes: {needs: []Operation{opListTopics}},

	opDescribeDBInstances:         {},
	opDescribeDBClusters:          {},
	opDescribeDBParameters:        {needs: []Operation{opDescribeDBInstances}},
	opDescribeDBClusterParameters: {needs: []Operation{opDescribeDBClusters}},
	opDescribeOptionGroups:        {needs: []Operation{opDescribeDBInstances}},
	opDescribeRDSEventSubs:        {},

	// A table, a bucket, a domain or an event data store without its description has no ARN or region: the
	// listing always brings the describing call along.
	opListTables:                  {needs: []Operation{opDescribeTable}},
	opDescribeTable:               {needs: []Operation{opListTables}},
	opDescribeContinuousBackups:   {needs: []Operation{opListTables}},
	opDescribeContributorInsights: {needs: []Operation{opListTables}},
	opDescribeScalableTargets:     {needs: []Operation{opListTables}},

	opListBuckets:                 {needs: []Operation{opGetBucketLocation}, iam: []string{"s3:ListAllMyBuckets"}, global: true},
	opGetBucketLocation:           {needs: []Operation{opListBuckets}, global: true},
	opGetBucketLogging:            {needs: []Operation{opListBuckets}, global: true},
	opGetBucketVersioning:         {needs: []Operation{opListBuckets}, global: true},
	opGetPublicAccessBlock:        {needs: []Operation{opListBuckets}, iam: []string{"s3:GetBucketPublicAccessBlock"}, global: true},
	opGetBucketPolicyStatus:       {needs: []Operation{opListBuckets}, global: true},
	opGetBucketACL:                {needs: []Operation{opListBuckets}, global: true},
	opGetBucketPolicy:             {needs: []Operation{opListBuckets}, global: true},
	opListBucketMetricsConfigs:    {needs: []Operation{opListBuckets}, iam: []string{"s3:GetMetricsConfiguration"}, global: true},
	opGetBucketNotificationConfig: {needs: []Operation{opListBuckets}, iam: []string{"s3:GetBucketNotification"}, global: true},
	opGetObjectLockConfiguration:  {needs: []Operation{opListBuckets}, iam: []string{"s3:GetBucketObjectLockConfiguration"}, global: true},
	opGetBucketLifecycleConfig:    {needs: []Operation{opListBuckets}, iam: []string{"s3:GetLifecycleConfiguration"}, global: true},
	opGetAccountPublicAccessBlock: {iam: []string{"s3:GetAccountPublicAccessBlock"}, global: true},

	opDescribeRedshiftClusters:  {},
	opDescribeLoggingStatus:     {needs: []Operation{opDescribeRedshiftClusters}},
	opDescribeClusterParameters: {needs: []Operation{opDescribeRedshiftClusters}},
	opDescribeRedshiftEventSubs: {},
	opListNamespaces:            {},
	opDescribeReplicationGroups: {},
	opDescribeCacheClusters:     {},
	opListDomainNames:           {needs: []Operation{opDescribeDomains}},
	opDescribeDomains:           {needs: []Operation{opListDomainNames}},
	opDescribeMemoryDBClusters:  {},
	opDescribeKey:               {},
}

// Operations lists every operation the collector can call, sorted.
func Operations() []Operation {
	out := make([]Operation, 0, len(catalogue))
	for op := range catalogue {
		out = append(out, op)
	}
	slices.Sort(out)
	return out
}

// Services lists the service prefixes of every operation the collector can call, sorted:
// the names --endpoint SERVICE=URL accepts.
func Services() []string {
	var out []string
	for op := range catalogue {
		out = append(out, op.Service())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IsOperation reports whether the collector knows the operation.
func IsOperation(op string) bool {
	_, ok := catalogue[Operation(op)]
	return ok
}

// Plan is the set of operations one collection calls.
type Plan struct {
	ops map[Operation]bool
}

// PlanOptions adds the operations a run needs whatever the rules say.
type PlanOptions struct {
	// DiscoverRegions is set when no region was given: ec2:DescribeRegions finds the
	// enabled ones.
	DiscoverRegions bool
	// AssumeRole is set when the collector assumes a role (--role-arn, --org).
	AssumeRole bool
	// Organization is set for --org: the accounts come from Organizations.
	Organization bool
	// All collects every operation the collector knows, whatever the rules require.
	All bool
	// ResourceTypes are the types the enabled rules judge: their listings are always
	// called, whatever the rules require, or the resources would be missing from the
	// snapshot and every rule on them unknown (or silently judged on nothing).
	ResourceTypes []string
}

// NewPlan derives the operations to call from the operations rules require (their
// custom.requires and custom.collects) and the listings of the resource types they judge,
// closed over what each needs. Required names the collector does not
// know are returned, sorted, so the caller can warn about them: a rule that requires an
// operation nobody calls can never become unknown through it.
func NewPlan(required []string, o PlanOptions) (Plan, []string) {
	p := Plan{ops: map[Operation]bool{opGetCallerIdentity: true}}
	var unknown []string
	var add func(op Operation)
	add = func(op Operation) {
		if p.ops[op] {
			return
		}
		p.ops[op] = true
		for _, n := range catalogue[op].needs {
			add(n)
		}
	}
	for _, r := range required {
		if _, ok := catalogue[Operation(r)]; !ok {
			unknown = append(unknown, r)
			continue
		}
		add(Operation(r))
	}
	for _, typ := range o.ResourceTypes {
		for _, op := range inventory.ListingOperations(typ) {
			add(Operation(op))
		}
	}
	if o.All {
		for op := range catalogue {
			if op != opAssumeRole && op != opListAccounts && op != opDescribeRegions {
				add(op)
			}
		}
	}
	if o.DiscoverRegions {
		add(opDescribeRegions)
	}
	if o.AssumeRole || o.Organization {
		add(opAssumeRole)
	}
	if o.Organization {
		add(opListAccounts)
		add(opDescribeOrganization)
	}
	slices.Sort(unknown)
	return p, slices.Compact(unknown)
}

// Has reports whether the plan calls the operation.
func (p Plan) Has(op Operation) bool { return p.ops[op] }

// any reports whether the plan calls one of the operations.
func (p Plan) any(ops ...Operation) bool {
	for _, op := range ops {
		if p.ops[op] {
			return true
		}
	}
	return false
}

// Operations lists the plan's operations, sorted.
func (p Plan) Operations() []Operation {
	out := make([]Operation, 0, len(p.ops))
	for op := range p.ops {
		out = append(out, op)
	}
	slices.Sort(out)
	return out
}

// Services lists the services the plan calls, sorted.
func (p Plan) Services() []string {
	var out []string
	for op := range p.ops {
		out = append(out, op.Service())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IAMActions lists the IAM actions the plan's operations need, sorted. sts:AssumeRole is
// left out: it is a permission of the identity that starts the scan, on the roles it
// assumes, not of the role that reads the account (see IAMPolicy).
func (p Plan) IAMActions() []string {
	var out []string
	for op := range p.ops {
		if op == opAssumeRole || op == opListAccounts {
			continue
		}
		out = append(out, iamActions(op)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func iamActions(op Operation) []string {
	info := catalogue[op]
	if info.iam != nil {
		return info.iam
	}
	return []string{string(op)}
}

// PolicyDocument is an IAM policy document.
type PolicyDocument struct {
	Version   string            `json:"Version"`
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is one statement of a policy document.
type PolicyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource string   `json:"Resource"`
}

// IAMPolicy is the least-privilege policy for the plan: one read-only statement for the
// identity that reads each account and, when the plan assumes roles, the statement the
// starting identity needs for that (orgRole names the role assumed in each account; empty
// means any role, to be narrowed by the user).
func IAMPolicy(p Plan, orgRole string) PolicyDocument {
	doc := PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{{
		Sid: "StorewatchReadOnly", Effect: "Allow", Action: p.IAMActions(), Resource: "*",
	}}}
	if p.Has(opAssumeRole) {
		role := "arn:aws:iam::*:role/*"
		if orgRole != "" {
			role = fmt.Sprintf("arn:aws:iam::*:role/%s", orgRole)
		}
		doc.Statement = append(doc.Statement, PolicyStatement{
			Sid: "StorewatchAssumeScanRole", Effect: "Allow", Action: []string{"sts:AssumeRole"}, Resource: role,
		})
	}
	if p.Has(opListAccounts) {
		doc.Statement = append(doc.Statement, PolicyStatement{
			Sid: "StorewatchListOrganization", Effect: "Allow",
			Action: []string{"organizations:DescribeOrganization", "organizations:ListAccounts"}, Resource: "*",
		})
	}
	return doc
}

// MissingAccountErrors records an account that should be in a snapshot but is not (its
// collection wrote no snapshot for a merge): every operation that reads facts about an
// account failed, with code AccountUnreachable and why as the message, so every rule about
// the account is unknown.
func MissingAccountErrors(account, why string) []inventory.CollectionError {
	var out []inventory.CollectionError
	for _, op := range Operations() {
		if accountControlOp(op) {
			continue
		}
		out = append(out, inventory.CollectionError{
			Source: inventory.SourceAWS, AccountID: account, Service: op.Service(), Operation: string(op),
			Code: inventory.CodeAccountUnreachable, Message: why,
		})
	}
	return out
}
