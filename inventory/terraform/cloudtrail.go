package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// CloudTrail trails.

func mapTrail(c *converter, in *instance) {
	t := &inventory.Trail{Meta: c.meta(in, inventory.TypeTrail)}
	r := c.reader(in, &t.Meta)
	// A trail lives in the region it is created in.
	t.HomeRegion = in.region
	if v := c.get(in, "home_region"); v.known && v.str() != "" {
		t.HomeRegion = v.str()
	}
	// Provider defaults: single-Region, not an organisation trail, global service events
	// included, no log file validation, logging on.
	t.IsMultiRegion = r.boolean("is_multi_region", false, "is_multi_region_trail")
	t.IsOrganizationTrail = r.boolean("is_organization_trail", false, "is_organization_trail")
	t.IncludeGlobalServiceEvents = r.boolean("include_global_service_events", true, "include_global_service_events")
	t.LogFileValidationEnabled = r.boolean("log_file_validation_enabled", false, "enable_log_file_validation")
	t.KMSKeyID = r.ref("kms_key_id", "kms_key_id")
	cwl := c.get(in, "cloud_watch_logs_group_arn")
	if t.CloudWatchLogsLogGroupARN = c.logGroupARN(cwl); t.CloudWatchLogsLogGroupARN == "" {
		t.CloudWatchLogsLogGroupARN = r.ref("cloudwatch_logs_log_group_arn", "cloud_watch_logs_group_arn")
	}
	t.CloudWatchLogsRoleARN = r.ref("cloudwatch_logs_role_arn", "cloud_watch_logs_role_arn")
	bucket := c.get(in, "s3_bucket_name")
	switch b := c.target(bucket, "aws_s3_bucket"); {
	case bucket.known:
		t.S3BucketName = bucket.str()
	case b != nil && nameOf(b) != "":
		t.S3BucketName = nameOf(b)
	default:
		t.S3BucketName = r.ref("s3_bucket_name", "s3_bucket_name")
	}
	t.S3KeyPrefix = r.str("s3_key_prefix", "s3_key_prefix")
	t.SNSTopicARN = r.ref("sns_topic_arn", "sns_topic_name")
	logging := r.boolean("status", true, "enable_logging")
	t.Status = &inventory.TrailStatus{IsLogging: logging}
	t.EventSelectors = eventSelectors(r)
	t.AdvancedEventSelectors = advancedEventSelectors(r)
	if es, aes := in.after.get("event_selector"), in.after.get("advanced_event_selector"); es.wholeKnown() && aes.wholeKnown() &&
		len(es.elems()) == 0 && len(aes.elems()) == 0 {
		// A trail without selectors records all management events, read and write.
		t.EventSelectors = []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}
	}
	for i := range in.after.get("insight_selector").elems() {
		if s := r.str("insight_types", "insight_selector", i, "insight_type"); s != "" {
			t.InsightTypes = append(t.InsightTypes, s)
		}
	}
	if in.after.get("insight_selector").unknown() {
		r.unknown("insight_types")
	}
	in.item = t
}

func eventSelectors(r reader) []inventory.EventSelector {
	blocks, ok := r.blocks("event_selector")
	if !ok {
		r.unknown("event_selectors")
		return nil
	}
	out := make([]inventory.EventSelector, 0, len(blocks))
	for i := range blocks {
		at := func(p ...any) []any { return append([]any{"event_selector", i}, p...) }
		// Provider defaults: All, management events included.
		s := inventory.EventSelector{
			ReadWriteType:                 r.str("event_selectors", at("read_write_type")...),
			IncludeManagementEvents:       r.boolean("event_selectors", true, at("include_management_events")...),
			ExcludeManagementEventSources: r.strs("event_selectors", at("exclude_management_event_sources")...),
		}
		if s.ReadWriteType == "" {
			s.ReadWriteType = "All"
		}
		for j := range r.each("event_selectors", at("data_resource")...) {
			s.DataResources = append(s.DataResources, inventory.DataResource{
				Type:   r.str("event_selectors", at("data_resource", j, "type")...),
				Values: r.strs("event_selectors", at("data_resource", j, "values")...),
			})
		}
		out = append(out, s)
	}
	return out
}

func advancedEventSelectors(r reader) []inventory.AdvancedEventSelector {
	blocks, ok := r.blocks("advanced_event_selector")
	if !ok {
		r.unknown("advanced_event_selectors")
		return nil
	}
	out := make([]inventory.AdvancedEventSelector, 0, len(blocks))
	for i := range blocks {
		s := inventory.AdvancedEventSelector{Name: r.str("advanced_event_selectors", "advanced_event_selector", i, "name")}
		for j, f := range r.each("advanced_event_selectors", "advanced_event_selector", i, "field_selector") {
			// Field selectors are a set: joined with the configuration on their field.
			at := []any{"advanced_event_selector", i, "field_selector", j}
			if name, _ := f.get("field").v.(string); name != "" {
				at = []any{"advanced_event_selector", i, "field_selector", match{attr: "field", value: name}}
			}
			get := func(attr string) []string {
				return r.strs("advanced_event_selectors", append(at, attr)...)
			}
			s.FieldSelectors = append(s.FieldSelectors, inventory.FieldSelector{
				Field:         r.str("advanced_event_selectors", append(at, "field")...),
				Equals:        get("equals"),
				StartsWith:    get("starts_with"),
				EndsWith:      get("ends_with"),
				NotEquals:     get("not_equals"),
				NotStartsWith: get("not_starts_with"),
				NotEndsWith:   get("not_ends_with"),
			})
		}
		out = append(out, s)
	}
	return out
}
