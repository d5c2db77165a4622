package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// CloudWatch Logs: log groups with their metric and subscription filters, data protection
// policies and resource policies.

func mapLogGroup(c *converter, in *instance) {
	g := &inventory.LogGroup{Meta: c.meta(in, inventory.TypeLogGroup)}
	r := c.reader(in, &g.Meta)
	// retention_in_days 0 (the provider default) means the group never expires events.
	if days := r.intPtr("retention_days", "retention_in_days"); days != nil && *days > 0 {
		g.RetentionDays = days
	}
	g.KMSKeyID = r.ref("kms_key_id", "kms_key_id")
	if !in.isNew {
		// A data protection policy or filters made outside this plan would not show here.
		r.unknown("data_protection")
		r.unknown("metric_filters")
		r.unknown("subscription_filters")
	}
	in.item = g
}

func attachMetricFilter(c *converter, in *instance) {
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, r reader) {
		addMetricFilter(g, r)
	})
}

func addMetricFilter(g *inventory.LogGroup, r reader) {
	f := inventory.MetricFilter{
		Name:    r.str("metric_filters", "name"),
		Pattern: r.str("metric_filters", "pattern"),
	}
	for i := range r.each("metric_filters", "metric_transformation") {
		f.Transformations = append(f.Transformations, inventory.MetricTransformation{
			MetricName:      r.str("metric_filters", "metric_transformation", i, "name"),
			MetricNamespace: r.str("metric_filters", "metric_transformation", i, "namespace"),
			MetricValue:     r.str("metric_filters", "metric_transformation", i, "value"),
		})
	}
	g.MetricFilters = append(g.MetricFilters, f)
}

func attachSubscriptionFilter(c *converter, in *instance) {
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, r reader) {
		g.SubscriptionFilters = append(g.SubscriptionFilters, inventory.SubscriptionFilter{
			Name:           r.str("subscription_filters", "name"),
			FilterPattern:  r.str("subscription_filters", "filter_pattern"),
			DestinationARN: r.ref("subscription_filters", "destination_arn"),
		})
	})
}

func attachDataProtection(c *converter, in *instance) {
	onTarget(c, in, "log_group_name", "aws_cloudwatch_log_group", func(g *inventory.LogGroup, _ reader) {
		g.DataProtection = true
		g.UnknownFields = without(g.UnknownFields, "data_protection")
	})
}

// attachLogResourcePolicy records a CloudWatch Logs resource policy on its account, when
// the plan knows its document.
func attachLogResourcePolicy(c *converter, in *instance) {
	name := c.get(in, "policy_name")
	doc := c.get(in, "policy_document")
	if name.known && name.str() != "" && !doc.known {
		c.unknownLogPolicies = append(c.unknownLogPolicies, goneLogPolicy{account: in.account, region: in.region, name: name.str()})
	}
	if !name.known || !doc.known {
		c.warnf("%s: the policy document is known only after apply; log group exposure is judged with --snapshot", in.address)
		return
	}
	a := c.account(in.account)
	a.LogResourcePolicies = append(a.LogResourcePolicies, inventory.LogResourcePolicy{
		Name: name.str(), Region: in.region, Document: doc.str(),
	})
}

// logGroupARN is the ARN a trail or a domain is given for its log group. When the group is
// created by the same plan its ARN is unknown, but its name and place are known, and a log
// group's ARN is made of nothing else: it is spelled out so that it joins with the group.
func (c *converter) logGroupARN(v val) string {
	if v.known {
		return v.str()
	}
	t := c.target(v, "aws_cloudwatch_log_group")
	if t == nil {
		return ""
	}
	name := nameOf(t)
	if name == "" {
		return ""
	}
	return "arn:" + partitionOfRegion(t.region) + ":logs:" + t.region + ":" + t.account + ":log-group:" + name + ":*"
}
