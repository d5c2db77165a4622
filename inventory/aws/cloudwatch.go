package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/storewatch/storewatch/inventory"
)

// cloudWatchAPI is the part of the CloudWatch API the collector calls.
type cloudWatchAPI interface {
	DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, opts ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
}

// collectCloudWatch lists the region's metric and composite alarms. Without AlarmTypes
// DescribeAlarms returns metric alarms only, so both types are asked for.
func collectCloudWatch(ctx context.Context, s *scope, api cloudWatchAPI) error {
	if !s.plan.Has(opDescribeAlarms) {
		return nil
	}
	var alarms []inventory.Alarm
	var composites []inventory.CompositeAlarm
	seen := map[string]bool{}
	p := cloudwatch.NewDescribeAlarmsPaginator(api, &cloudwatch.DescribeAlarmsInput{
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm, cwtypes.AlarmTypeCompositeAlarm},
		MaxRecords: aws.Int32(100),
	}, func(o *cloudwatch.DescribeAlarmsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeAlarms, err); err != nil {
				return err
			}
			break
		}
		for _, a := range page.MetricAlarms {
			arn := aws.ToString(a.AlarmArn)
			if seen[arn] {
				continue
			}
			seen[arn] = true
			alarms = append(alarms, alarmFromAPI(s, a))
		}
		for _, a := range page.CompositeAlarms {
			arn := aws.ToString(a.AlarmArn)
			if seen[arn] {
				continue
			}
			seen[arn] = true
			composites = append(composites, inventory.CompositeAlarm{
				Meta:                    s.meta(inventory.TypeCompositeAlarm, arn, aws.ToString(a.AlarmName)),
				AlarmRule:               aws.ToString(a.AlarmRule),
				ActionsEnabled:          aws.ToBool(a.ActionsEnabled),
				AlarmActions:            a.AlarmActions,
				OKActions:               a.OKActions,
				InsufficientDataActions: a.InsufficientDataActions,
				StateValue:              string(a.StateValue),
			})
		}
	}
	s.out.add(func(snap *inventory.Snapshot) {
		snap.Alarms = append(snap.Alarms, alarms...)
		snap.CompositeAlarms = append(snap.CompositeAlarms, composites...)
	})
	return nil
}

func alarmFromAPI(s *scope, a cwtypes.MetricAlarm) inventory.Alarm {
	arn := aws.ToString(a.AlarmArn)
	out := inventory.Alarm{
		Meta:                    s.meta(inventory.TypeAlarm, arn, aws.ToString(a.AlarmName)),
		Namespace:               aws.ToString(a.Namespace),
		MetricName:              aws.ToString(a.MetricName),
		Dimensions:              dimensions(a.Dimensions),
		Statistic:               string(a.Statistic),
		ExtendedStatistic:       aws.ToString(a.ExtendedStatistic),
		Period:                  int(aws.ToInt32(a.Period)),
		EvaluationPeriods:       int(aws.ToInt32(a.EvaluationPeriods)),
		DatapointsToAlarm:       int(aws.ToInt32(a.DatapointsToAlarm)),
		Threshold:               a.Threshold,
		ComparisonOperator:      string(a.ComparisonOperator),
		TreatMissingData:        aws.ToString(a.TreatMissingData),
		ActionsEnabled:          aws.ToBool(a.ActionsEnabled),
		AlarmActions:            a.AlarmActions,
		OKActions:               a.OKActions,
		InsufficientDataActions: a.InsufficientDataActions,
		StateValue:              string(a.StateValue),
		StateUpdatedAt:          a.StateUpdatedTimestamp,
	}
	for _, m := range a.Metrics {
		q := inventory.MetricQuery{ID: aws.ToString(m.Id), Expression: aws.ToString(m.Expression),
			// CloudWatch takes a query whose ReturnData is omitted as returning data (the
			// MetricDataQuery reference: "If you omit this, the default of true is used"), so
			// an alarm of one query without it watches that query's metric as it is. The
			// snapshot has no "omitted": nil is stored as true.
			ReturnData: m.ReturnData == nil || *m.ReturnData,
			// A cross-account alarm's query names the account whose metric it reads.
			AccountID: aws.ToString(m.AccountId)}
		if st := m.MetricStat; st != nil {
			q.MetricStat = &inventory.MetricStat{Stat: aws.ToString(st.Stat), Period: int(aws.ToInt32(st.Period))}
			if st.Metric != nil {
				q.MetricStat.Namespace = aws.ToString(st.Metric.Namespace)
				q.MetricStat.MetricName = aws.ToString(st.Metric.MetricName)
				q.MetricStat.Dimensions = dimensions(st.Metric.Dimensions)
			}
		}
		out.Metrics = append(out.Metrics, q)
	}
	return out
}

func dimensions(ds []cwtypes.Dimension) []inventory.Dimension {
	out := make([]inventory.Dimension, 0, len(ds))
	for _, d := range ds {
		out = append(out, inventory.Dimension{Name: aws.ToString(d.Name), Value: aws.ToString(d.Value)})
	}
	return out
}
