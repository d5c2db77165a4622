package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/storewatch/storewatch/inventory"
)

// rdsAPI is the part of the RDS API the collector calls. It also serves DocumentDB and
// Neptune, whose clusters and instances the RDS API lists with their engine.
type rdsAPI interface {
	DescribeDBInstances(ctx context.Context, in *rds.DescribeDBInstancesInput, opts ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error)
	DescribeDBClusters(ctx context.Context, in *rds.DescribeDBClustersInput, opts ...func(*rds.Options)) (*rds.DescribeDBClustersOutput, error)
	DescribeDBParameters(ctx context.Context, in *rds.DescribeDBParametersInput, opts ...func(*rds.Options)) (*rds.DescribeDBParametersOutput, error)
	DescribeDBClusterParameters(ctx context.Context, in *rds.DescribeDBClusterParametersInput, opts ...func(*rds.Options)) (*rds.DescribeDBClusterParametersOutput, error)
	DescribeOptionGroups(ctx context.Context, in *rds.DescribeOptionGroupsInput, opts ...func(*rds.Options)) (*rds.DescribeOptionGroupsOutput, error)
	DescribeEventSubscriptions(ctx context.Context, in *rds.DescribeEventSubscriptionsInput, opts ...func(*rds.Options)) (*rds.DescribeEventSubscriptionsOutput, error)
}

// auditParameters are the engine parameters that decide whether a database's audit and
// diagnostic logs have content: exporting a log type is not enough if the engine does not
// write it (Security Hub RDS.45 for server_audit_logging). Only these are kept, so a
// snapshot does not carry hundreds of unrelated settings per group.
var auditParameters = map[string]bool{
	// MySQL, MariaDB and Aurora MySQL.
	"server_audit_logging": true, "server_audit_events": true, "server_audit_incl_users": true,
	"server_audit_excl_users": true, "general_log": true, "slow_query_log": true, "log_output": true,
	"long_query_time": true, "log_error_verbosity": true,
	// PostgreSQL and Aurora PostgreSQL.
	"pgaudit.log": true, "pgaudit.role": true, "pgaudit.log_level": true, "shared_preload_libraries": true,
	"log_statement": true, "log_connections": true, "log_disconnections": true,
	"log_min_duration_statement": true, "log_min_error_statement": true, "rds.log_retention_period": true,
	// Oracle.
	"audit_trail": true, "audit_sys_operations": true,
	// DocumentDB.
	"audit_logs": true, "profiler": true, "profiler_threshold_ms": true,
	// Neptune.
	"neptune_enable_audit_log": true,
}

// collectRDS collects the region's DB instances and clusters (RDS, Aurora, DocumentDB,
// Neptune) with their audit parameters and option groups, and the RDS event
// subscriptions.
func collectRDS(ctx context.Context, s *scope, api rdsAPI) error {
	var params cache[map[string]string]
	if s.plan.Has(opDescribeDBInstances) {
		if err := collectDBInstances(ctx, s, api, &params); err != nil {
			return err
		}
	}
	if s.plan.Has(opDescribeDBClusters) {
		if err := collectDBClusters(ctx, s, api); err != nil {
			return err
		}
	}
	if s.plan.Has(opDescribeRDSEventSubs) {
		return collectRDSEventSubscriptions(ctx, s, api)
	}
	return nil
}

func collectDBInstances(ctx context.Context, s *scope, api rdsAPI, params *cache[map[string]string]) error {
	var dbs []inventory.DBInstance
	p := rds.NewDescribeDBInstancesPaginator(api, &rds.DescribeDBInstancesInput{},
		func(o *rds.DescribeDBInstancesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeDBInstances, err); err != nil {
				return err
			}
			break
		}
		for _, d := range page.DBInstances {
			dbs = append(dbs, dbInstanceFromAPI(s, d))
		}
	}
	var options map[string][]string
	if s.plan.Has(opDescribeOptionGroups) && len(dbs) > 0 {
		var err error
		if options, err = optionGroups(ctx, api); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			for i := range dbs {
				s.note(&dbs[i].Meta, s.region, opDescribeOptionGroups, err)
			}
		}
	}
	err := forEach(ctx, s.detail, len(dbs), func(ctx context.Context, i int) error {
		d := &dbs[i]
		if options != nil {
			for _, g := range d.OptionGroups {
				d.Options = append(d.Options, options[g]...)
			}
		}
		if !s.plan.Has(opDescribeDBParameters) || d.ParameterGroup == "" {
			return nil
		}
		got, err := params.get(d.ParameterGroup, func() (map[string]string, error) {
			return pagedParameters(ctx, rds.NewDescribeDBParametersPaginator(api,
				&rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(d.ParameterGroup)},
				func(o *rds.DescribeDBParametersPaginatorOptions) { o.StopOnDuplicateToken = true }),
				func(o *rds.DescribeDBParametersOutput) []rdstypes.Parameter { return o.Parameters })
		})
		if err != nil {
			return s.failed(ctx, &d.Meta, opDescribeDBParameters, err)
		}
		d.Parameters = got
		return nil
	})
	if err != nil {
		return err
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.DBInstances = append(snap.DBInstances, dbs...) })
	return nil
}

func dbInstanceFromAPI(s *scope, d rdstypes.DBInstance) inventory.DBInstance {
	arn := aws.ToString(d.DBInstanceArn)
	name := aws.ToString(d.DBInstanceIdentifier)
	if arn == "" {
		arn = s.arn("rds", "db:"+name)
	}
	out := inventory.DBInstance{
		Meta:                         s.meta(inventory.TypeDBInstance, arn, name),
		Engine:                       aws.ToString(d.Engine),
		EngineVersion:                aws.ToString(d.EngineVersion),
		InstanceClass:                aws.ToString(d.DBInstanceClass),
		Status:                       aws.ToString(d.DBInstanceStatus),
		ClusterID:                    aws.ToString(d.DBClusterIdentifier),
		ReplicaSourceID:              aws.ToString(d.ReadReplicaSourceDBInstanceIdentifier),
		AllocatedStorage:             int(aws.ToInt32(d.AllocatedStorage)),
		MultiAZ:                      aws.ToBool(d.MultiAZ),
		EnabledLogExports:            d.EnabledCloudwatchLogsExports,
		MonitoringRoleARN:            aws.ToString(d.MonitoringRoleArn),
		PerformanceInsightsEnabled:   d.PerformanceInsightsEnabled,
		PerformanceInsightsKMSKeyID:  aws.ToString(d.PerformanceInsightsKMSKeyId),
		PerformanceInsightsRetention: int(aws.ToInt32(d.PerformanceInsightsRetentionPeriod)),
		DatabaseInsightsMode:         string(d.DatabaseInsightsMode),
	}
	out.Tags = tagMap(d.TagList, func(t rdstypes.Tag) (string, string) { return aws.ToString(t.Key), aws.ToString(t.Value) })
	if d.MonitoringInterval != nil {
		v := int(*d.MonitoringInterval)
		out.MonitoringInterval = &v
	}
	if len(d.DBParameterGroups) > 0 {
		out.ParameterGroup = aws.ToString(d.DBParameterGroups[0].DBParameterGroupName)
	}
	for _, o := range d.OptionGroupMemberships {
		out.OptionGroups = append(out.OptionGroups, aws.ToString(o.OptionGroupName))
	}
	return out
}

// optionGroups lists the region's option groups once and maps each to its option names,
// instead of one call per group an instance names.
func optionGroups(ctx context.Context, api rdsAPI) (map[string][]string, error) {
	out := map[string][]string{}
	p := rds.NewDescribeOptionGroupsPaginator(api, &rds.DescribeOptionGroupsInput{},
		func(o *rds.DescribeOptionGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range page.OptionGroupsList {
			names := []string{}
			for _, o := range g.Options {
				names = append(names, aws.ToString(o.OptionName))
			}
			out[aws.ToString(g.OptionGroupName)] = names
		}
	}
	return out, nil
}

// paginator is what the SDK's generated paginators have in common.
type paginator[O any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, opts ...func(*rds.Options)) (O, error)
}

// pagedParameters reads every page of a parameter group and keeps the audit parameters
// that have a value (user-set or the engine default).
func pagedParameters[O any](ctx context.Context, p paginator[O], params func(O) []rdstypes.Parameter) (map[string]string, error) {
	out := map[string]string{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, prm := range params(page) {
			name := aws.ToString(prm.ParameterName)
			if auditParameters[name] && prm.ParameterValue != nil {
				out[name] = *prm.ParameterValue
			}
		}
	}
	return out, nil
}

func collectDBClusters(ctx context.Context, s *scope, api rdsAPI) error {
	var clusters []inventory.DBCluster
	p := rds.NewDescribeDBClustersPaginator(api, &rds.DescribeDBClustersInput{},
		func(o *rds.DescribeDBClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeDBClusters, err); err != nil {
				return err
			}
			break
		}
		for _, c := range page.DBClusters {
			clusters = append(clusters, dbClusterFromAPI(s, c))
		}
	}
	if s.plan.Has(opDescribeDBClusterParameters) {
		var params cache[map[string]string]
		err := forEach(ctx, s.detail, len(clusters), func(ctx context.Context, i int) error {
			c := &clusters[i]
			if c.ParameterGroup == "" {
				return nil
			}
			got, err := params.get(c.ParameterGroup, func() (map[string]string, error) {
				return pagedParameters(ctx, rds.NewDescribeDBClusterParametersPaginator(api,
					&rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String(c.ParameterGroup)},
					func(o *rds.DescribeDBClusterParametersPaginatorOptions) { o.StopOnDuplicateToken = true }),
					func(o *rds.DescribeDBClusterParametersOutput) []rdstypes.Parameter { return o.Parameters })
			})
			if err != nil {
				return s.failed(ctx, &c.Meta, opDescribeDBClusterParameters, err)
			}
			c.Parameters = got
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.DBClusters = append(snap.DBClusters, clusters...) })
	return nil
}

func dbClusterFromAPI(s *scope, c rdstypes.DBCluster) inventory.DBCluster {
	arn := aws.ToString(c.DBClusterArn)
	name := aws.ToString(c.DBClusterIdentifier)
	if arn == "" {
		arn = s.arn("rds", "cluster:"+name)
	}
	engine := aws.ToString(c.Engine)
	typ := inventory.TypeDBCluster
	switch engine {
	case "docdb":
		typ = inventory.TypeDocDBCluster
	case "neptune":
		typ = inventory.TypeNeptuneCluster
	}
	out := inventory.DBCluster{
		Meta:                       s.meta(typ, arn, name),
		Engine:                     engine,
		EngineVersion:              aws.ToString(c.EngineVersion),
		EngineMode:                 aws.ToString(c.EngineMode),
		Status:                     aws.ToString(c.Status),
		EnabledLogExports:          c.EnabledCloudwatchLogsExports,
		ParameterGroup:             aws.ToString(c.DBClusterParameterGroup),
		PerformanceInsightsEnabled: c.PerformanceInsightsEnabled,
		HTTPEndpointEnabled:        aws.ToBool(c.HttpEndpointEnabled),
	}
	out.Tags = tagMap(c.TagList, func(t rdstypes.Tag) (string, string) { return aws.ToString(t.Key), aws.ToString(t.Value) })
	if c.MonitoringInterval != nil {
		v := int(*c.MonitoringInterval)
		out.MonitoringInterval = &v
	}
	for _, m := range c.DBClusterMembers {
		out.Members = append(out.Members, aws.ToString(m.DBInstanceIdentifier))
	}
	return out
}

func collectRDSEventSubscriptions(ctx context.Context, s *scope, api rdsAPI) error {
	var subs []inventory.EventSubscription
	p := rds.NewDescribeEventSubscriptionsPaginator(api, &rds.DescribeEventSubscriptionsInput{},
		func(o *rds.DescribeEventSubscriptionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeRDSEventSubs, err); err != nil {
				return err
			}
			break
		}
		for _, e := range page.EventSubscriptionsList {
			name := aws.ToString(e.CustSubscriptionId)
			arn := aws.ToString(e.EventSubscriptionArn)
			if arn == "" {
				arn = s.arn("rds", "es:"+name)
			}
			subs = append(subs, inventory.EventSubscription{
				Meta:            s.meta(inventory.TypeRDSEventSubscription, arn, name),
				Service:         "rds",
				SourceType:      aws.ToString(e.SourceType),
				EventCategories: e.EventCategoriesList,
				SourceIDs:       e.SourceIdsList,
				Enabled:         aws.ToBool(e.Enabled),
				SNSTopicARN:     aws.ToString(e.SnsTopicArn),
				Status:          aws.ToString(e.Status),
			})
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.EventSubscriptions = append(snap.EventSubscriptions, subs...) })
	return nil
}
