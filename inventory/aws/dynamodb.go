package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/storewatch/storewatch/inventory"
)

// dynamoDBAPI is the part of the DynamoDB API the collector calls.
type dynamoDBAPI interface {
	ListTables(ctx context.Context, in *dynamodb.ListTablesInput, opts ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	DescribeContinuousBackups(ctx context.Context, in *dynamodb.DescribeContinuousBackupsInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error)
	DescribeContributorInsights(ctx context.Context, in *dynamodb.DescribeContributorInsightsInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeContributorInsightsOutput, error)
}

// autoScalingAPI is the part of the Application Auto Scaling API the collector calls.
type autoScalingAPI interface {
	DescribeScalableTargets(ctx context.Context, in *applicationautoscaling.DescribeScalableTargetsInput, opts ...func(*applicationautoscaling.Options)) (*applicationautoscaling.DescribeScalableTargetsOutput, error)
}

// collectDynamoDB collects the region's tables with their backups, Contributor Insights
// and auto scaling targets.
func collectDynamoDB(ctx context.Context, s *scope, api dynamoDBAPI, scaling autoScalingAPI) error {
	if !s.plan.Has(opListTables) {
		return nil
	}
	var tables []inventory.DynamoDBTable
	p := dynamodb.NewListTablesPaginator(api, &dynamodb.ListTablesInput{},
		func(o *dynamodb.ListTablesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opListTables, err); err != nil {
				return err
			}
			break
		}
		for _, name := range page.TableNames {
			tables = append(tables, inventory.DynamoDBTable{Meta: s.meta(inventory.TypeDynamoDBTable, s.arn("dynamodb", "table/"+name), name)})
		}
	}
	var scalingByTable map[string][]string
	if s.plan.Has(opDescribeScalableTargets) && len(tables) > 0 {
		var err error
		if scalingByTable, err = scalableTargets(ctx, scaling); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			for i := range tables {
				s.note(&tables[i].Meta, s.region, opDescribeScalableTargets, err)
			}
		}
	}
	err := forEach(ctx, s.detail, len(tables), func(ctx context.Context, i int) error {
		t := &tables[i]
		if scalingByTable != nil {
			t.AutoScaling = scalingByTable[t.Name]
		}
		return tableDetails(ctx, s, api, t)
	})
	if err != nil {
		return err
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.DynamoDBTables = append(snap.DynamoDBTables, tables...) })
	return nil
}

func tableDetails(ctx context.Context, s *scope, api dynamoDBAPI, t *inventory.DynamoDBTable) error {
	name := aws.String(t.Name)
	if s.plan.Has(opDescribeTable) {
		out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: name})
		if err != nil {
			if err := s.failed(ctx, &t.Meta, opDescribeTable, err); err != nil {
				return err
			}
		} else if d := out.Table; d != nil {
			fillTable(t, d)
		}
	}
	if s.plan.Has(opDescribeContinuousBackups) {
		out, err := api.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: name})
		if err != nil {
			if err := s.failed(ctx, &t.Meta, opDescribeContinuousBackups, err); err != nil {
				return err
			}
		} else if d := out.ContinuousBackupsDescription; d != nil && d.PointInTimeRecoveryDescription != nil {
			t.PointInTimeRecovery = aws.Bool(d.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled)
		} else {
			t.PointInTimeRecovery = aws.Bool(false)
		}
	}
	if s.plan.Has(opDescribeContributorInsights) {
		out, err := api.DescribeContributorInsights(ctx, &dynamodb.DescribeContributorInsightsInput{TableName: name})
		if err != nil {
			return s.failed(ctx, &t.Meta, opDescribeContributorInsights, err)
		}
		t.ContributorInsights = string(out.ContributorInsightsStatus)
	}
	return nil
}

func fillTable(t *inventory.DynamoDBTable, d *ddbtypes.TableDescription) {
	if arn := aws.ToString(d.TableArn); arn != "" {
		t.ID, t.ARN = arn, arn
	}
	t.Status = string(d.TableStatus)
	// A table created on demand may have no billing summary: provisioned is the default.
	t.BillingMode = string(ddbtypes.BillingModeProvisioned)
	if d.BillingModeSummary != nil && d.BillingModeSummary.BillingMode != "" {
		t.BillingMode = string(d.BillingModeSummary.BillingMode)
	}
	if pt := d.ProvisionedThroughput; pt != nil {
		t.ReadCapacity = int(aws.ToInt64(pt.ReadCapacityUnits))
		t.WriteCapacity = int(aws.ToInt64(pt.WriteCapacityUnits))
	}
	for _, g := range d.GlobalSecondaryIndexes {
		t.GlobalIndexes = append(t.GlobalIndexes, aws.ToString(g.IndexName))
	}
	for _, r := range d.Replicas {
		t.ReplicaRegions = append(t.ReplicaRegions, aws.ToString(r.RegionName))
	}
	t.StreamEnabled = d.StreamSpecification != nil && aws.ToBool(d.StreamSpecification.StreamEnabled)
}

// scalableTargets lists the region's DynamoDB scalable targets once and maps each table
// name to its scalable dimensions (table and index capacity).
func scalableTargets(ctx context.Context, api autoScalingAPI) (map[string][]string, error) {
	out := map[string][]string{}
	p := applicationautoscaling.NewDescribeScalableTargetsPaginator(api, &applicationautoscaling.DescribeScalableTargetsInput{
		ServiceNamespace: aastypes.ServiceNamespaceDynamodb,
	}, func(o *applicationautoscaling.DescribeScalableTargetsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.ScalableTargets {
			// ResourceId is table/NAME or table/NAME/index/INDEX.
			rest, ok := strings.CutPrefix(aws.ToString(t.ResourceId), "table/")
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(rest, "/")
			out[name] = append(out[name], string(t.ScalableDimension))
		}
	}
	return out, nil
}
