package demo

import "github.com/storewatch/storewatch/inventory"

var (
	securityTopic string
	opsTopic      string
	westOpsTopic  string
	auditKey      string
	dataKeyEast   string
	dataKeyWest   string
)

const trailLogGroup = "aws-cloudtrail-logs-123456789012-audit"

// security builds the account's audit plumbing: a good multi-Region trail delivering to a
// protected bucket and to CloudWatch Logs, some of the CIS metric-filter alarms, and a
// neglected regional trail in eu-west-1.
func (b *builder) security() {
	auditKey = b.kmsKey(east, "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", "CUSTOMER", "alias/cloudtrail")
	dataKeyEast = b.kmsKey(east, "9a8b7c6d-5e4f-4321-8765-43210fedcba9", "CUSTOMER", "alias/orders-data")
	dataKeyWest = b.kmsKey(west, "0a1b2c3d-4e5f-4678-9abc-def012345678", "CUSTOMER", "alias/analytics-data")
	b.kmsKey(east, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "AWS", "alias/aws/rds")

	securityTopic = b.topic(east, "security-alerts", []string{"email", "https"}, nil)
	opsTopic = b.topic(east, "orders-oncall", []string{"https"}, nil)
	// Nobody ever confirmed the analytics team's subscription.
	westOpsTopic = b.topic(west, "analytics-alerts", nil, []string{"email"})

	audit := arn("cloudtrail", east, "trail/org-audit")
	b.s.Trails = append(b.s.Trails, inventory.Trail{
		Meta:                       meta(inventory.TypeTrail, audit, "org-audit", east),
		HomeRegion:                 east,
		IsMultiRegion:              true,
		IncludeGlobalServiceEvents: true,
		LogFileValidationEnabled:   true,
		KMSKeyID:                   auditKey,
		CloudWatchLogsLogGroupARN:  arn("logs", east, "log-group:"+trailLogGroup+":*"),
		CloudWatchLogsRoleARN:      "arn:aws:iam::" + Account + ":role/CloudTrail_CloudWatchLogs",
		S3BucketName:               "demo-cloudtrail-123456789012",
		Status: &inventory.TrailStatus{IsLogging: true, LatestDeliveryTime: at(0), LatestDigestDeliveryTime: at(0),
			LatestCloudWatchLogsDeliveryTime: at(0)},
		AdvancedEventSelectors: []inventory.AdvancedEventSelector{
			{Name: "Management events", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}},
			{Name: "Orders tables", FieldSelectors: []inventory.FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}},
				{Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}},
				{Field: "resources.ARN", StartsWith: []string{arn("dynamodb", east, "table/orders")}},
			}},
			{Name: "Customer documents, writes", FieldSelectors: []inventory.FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}},
				{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
				{Field: "readOnly", Equals: []string{"false"}},
				{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::orders-customer-documents/"}},
			}},
		},
		InsightTypes: []string{"ApiCallRateInsight"},
	})
	// A leftover regional trail: logging, but without validation, encryption or CloudWatch Logs.
	legacy := arn("cloudtrail", west, "trail/analytics-legacy")
	b.s.Trails = append(b.s.Trails, inventory.Trail{
		Meta:         meta(inventory.TypeTrail, legacy, "analytics-legacy", west),
		HomeRegion:   west,
		S3BucketName: "analytics-trail-logs-123456789012",
		Status:       &inventory.TrailStatus{IsLogging: true, LatestDeliveryTime: at(0), LatestDeliveryError: "AccessDenied"},
		EventSelectors: []inventory.EventSelector{{ReadWriteType: "WriteOnly", IncludeManagementEvents: true,
			ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}},
	})

	// The CIS metric filters: some present (spacing and quoting differ from the benchmark's
	// text, which storewatch compares semantically), some missing, one without a subscriber.
	filters := []inventory.MetricFilter{
		filter("unauthorized-api-calls", `{($.errorCode="*UnauthorizedOperation")||($.errorCode="AccessDenied*")&&($.sourceIPAddress!="delivery.logs.amazonaws.com")&&($.eventName!="HeadBucket")}`, "UnauthorizedAPICalls", "CISBenchmark"),
		filter("console-signin-without-mfa", `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`, "ConsoleSigninWithoutMFA", "CISBenchmark"),
		filter("root-account-usage", `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`, "RootAccountUsage", "CISBenchmark"),
		filter("iam-policy-changes", `{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}`, "IAMPolicyChanges", "CISBenchmark"),
		filter("cloudtrail-changes", `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`, "CloudTrailChanges", "CISBenchmark"),
		// Misses the ScheduleKeyDeletion clause: not the CIS 4.7 filter.
		filter("kms-key-disabled", `{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }`, "KMSKeyDisabled", "CISBenchmark"),
		filter("s3-bucket-policy-changes", `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`, "S3BucketPolicyChanges", "CISBenchmark"),
		filter("rds-destructive-changes", `{ ($.eventSource = rds.amazonaws.com) && (($.eventName = DeleteDBInstance) || ($.eventName = DeleteDBCluster) || ($.eventName = ModifyDBInstance) || ($.eventName = ModifyDBCluster) || ($.eventName = ModifyDBSnapshotAttribute) || ($.eventName = ModifyDBClusterSnapshotAttribute) || ($.eventName = StopDBInstance) || ($.eventName = DeleteDBClusterSnapshot)) }`, "RDSDestructiveChanges", "DataStoreAudit"),
	}
	b.logGroup(east, trailLogGroup, 400, auditKey, filters)
	for _, f := range filters {
		m := f.Transformations[0]
		actions := []string{securityTopic}
		if m.MetricName == "S3BucketPolicyChanges" {
			// Routed to a topic nobody is subscribed to: the alarm fires into the void.
			actions = []string{westOpsTopic}
		}
		if m.MetricName == "CloudTrailChanges" {
			continue // the filter exists, the alarm was never created
		}
		b.alarm(alarm{region: east, name: "cis-" + f.Name, namespace: m.MetricNamespace, metric: m.MetricName,
			stat: "Sum", threshold: 1, comparison: "GreaterThanOrEqualToThreshold", period: 300, periods: 1,
			actions: actions, treatMissing: "notBreaching"})
	}

	b.bucket(bucket{region: east, name: "demo-cloudtrail-123456789012", logging: "demo-access-logs-123456789012",
		versioning: "Enabled", mfaDelete: true, objectLock: true, lifecycleDays: 2555, private: true})
	b.bucket(bucket{region: east, name: "demo-access-logs-123456789012", versioning: "Enabled", private: true,
		logDeliveryTarget: true, lifecycleDays: 400})
	b.bucket(bucket{region: west, name: "analytics-trail-logs-123456789012", private: true})

	b.s.EventSubscriptions = append(b.s.EventSubscriptions,
		inventory.EventSubscription{Meta: meta(inventory.TypeRDSEventSubscription, arn("rds", east, "es:orders-instance-events"), "orders-instance-events", east),
			Service: "rds", SourceType: "db-instance", EventCategories: []string{"availability", "configuration change", "failure", "maintenance"},
			Enabled: true, SNSTopicARN: opsTopic, Status: "active"},
		inventory.EventSubscription{Meta: meta(inventory.TypeRDSEventSubscription, arn("rds", east, "es:orders-cluster-events"), "orders-cluster-events", east),
			Service: "rds", SourceType: "db-cluster", EventCategories: []string{"failure", "maintenance"},
			Enabled: true, SNSTopicARN: opsTopic, Status: "active"},
		// Switched off during a noisy migration and never switched back on.
		inventory.EventSubscription{Meta: meta(inventory.TypeRDSEventSubscription, arn("rds", west, "es:analytics-events"), "analytics-events", west),
			Service: "rds", SourceType: "db-instance", Enabled: false, SNSTopicARN: westOpsTopic, Status: "active"},
		inventory.EventSubscription{Meta: meta(inventory.TypeRedshiftEventSubscription, "arn:aws:redshift:"+west+":"+Account+":eventsubscription:warehouse-events", "warehouse-events", west),
			Service: "redshift", SourceType: "cluster", Severity: "ERROR", EventCategories: []string{"monitoring", "security"},
			Enabled: true, SNSTopicARN: westOpsTopic, Status: "active"},
	)
}
