package aws

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/storewatch/storewatch/inventory"
)

// s3API is the part of the S3 API the collector calls.
type s3API interface {
	ListBuckets(ctx context.Context, in *s3.ListBucketsInput, opts ...func(*s3.Options)) (*s3.ListBucketsOutput, error)
	GetBucketLocation(ctx context.Context, in *s3.GetBucketLocationInput, opts ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error)
	GetBucketLogging(ctx context.Context, in *s3.GetBucketLoggingInput, opts ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error)
	GetBucketVersioning(ctx context.Context, in *s3.GetBucketVersioningInput, opts ...func(*s3.Options)) (*s3.GetBucketVersioningOutput, error)
	GetPublicAccessBlock(ctx context.Context, in *s3.GetPublicAccessBlockInput, opts ...func(*s3.Options)) (*s3.GetPublicAccessBlockOutput, error)
	GetBucketPolicyStatus(ctx context.Context, in *s3.GetBucketPolicyStatusInput, opts ...func(*s3.Options)) (*s3.GetBucketPolicyStatusOutput, error)
	GetBucketAcl(ctx context.Context, in *s3.GetBucketAclInput, opts ...func(*s3.Options)) (*s3.GetBucketAclOutput, error)
	GetBucketPolicy(ctx context.Context, in *s3.GetBucketPolicyInput, opts ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
	ListBucketMetricsConfigurations(ctx context.Context, in *s3.ListBucketMetricsConfigurationsInput, opts ...func(*s3.Options)) (*s3.ListBucketMetricsConfigurationsOutput, error)
	GetBucketNotificationConfiguration(ctx context.Context, in *s3.GetBucketNotificationConfigurationInput, opts ...func(*s3.Options)) (*s3.GetBucketNotificationConfigurationOutput, error)
	GetObjectLockConfiguration(ctx context.Context, in *s3.GetObjectLockConfigurationInput, opts ...func(*s3.Options)) (*s3.GetObjectLockConfigurationOutput, error)
	GetBucketLifecycleConfiguration(ctx context.Context, in *s3.GetBucketLifecycleConfigurationInput, opts ...func(*s3.Options)) (*s3.GetBucketLifecycleConfigurationOutput, error)
}

// listedBucket is a bucket from ListBuckets, with its region when known.
type listedBucket struct {
	name, region string
	// locationErr is set when the bucket's region could not be read.
	locationErr error
}

// listBuckets lists the account's buckets (S3 lists every region's from any region).
// ListBuckets reports each bucket's region when paginated, which saves a
// GetBucketLocation per bucket; older answers without it are completed with that call.
func listBuckets(ctx context.Context, s *scope, api s3API) ([]listedBucket, error) {
	var out []listedBucket
	p := s3.NewListBucketsPaginator(api, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)},
		func(o *s3.ListBucketsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return out, s.listingFailed(ctx, opListBuckets, err)
		}
		for _, b := range page.Buckets {
			out = append(out, listedBucket{name: aws.ToString(b.Name), region: aws.ToString(b.BucketRegion)})
		}
	}
	err := forEach(ctx, s.detail, len(out), func(ctx context.Context, i int) error {
		b := &out[i]
		if b.region != "" {
			return nil
		}
		loc, err := api.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(b.name)})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b.locationErr = err
			return nil
		}
		b.region = bucketRegion(loc.LocationConstraint)
		return nil
	})
	return out, err
}

// bucketRegion maps a location constraint to a region: empty means us-east-1 and the
// legacy EU means eu-west-1
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
func bucketRegion(c s3types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case s3types.BucketLocationConstraintEu:
		return "eu-west-1"
	}
	return string(c)
}

func (s *scope) bucketARN(name string) string { return "arn:" + s.partition + ":s3:::" + name }

// bucketDetails reads what the plan asks about one bucket; api must be a client of the
// bucket's region. Answers that mean "not configured" are facts, not errors.
func bucketDetails(ctx context.Context, s *scope, api s3API, b *inventory.S3Bucket) error {
	name := aws.String(b.Name)
	steps := []struct {
		op  Operation
		run func() error
	}{
		{opGetBucketLogging, func() error {
			out, err := api.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: name})
			if err == nil && out.LoggingEnabled != nil {
				b.Logging = &inventory.BucketLogging{TargetBucket: aws.ToString(out.LoggingEnabled.TargetBucket), TargetPrefix: aws.ToString(out.LoggingEnabled.TargetPrefix)}
			}
			return err
		}},
		{opGetBucketVersioning, func() error {
			out, err := api.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: name})
			if err == nil {
				b.Versioning = string(out.Status)
				b.MFADelete = out.MFADelete == s3types.MFADeleteStatusEnabled
			}
			return err
		}},
		{opGetPublicAccessBlock, func() error {
			out, err := api.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: name})
			switch {
			case isCode(err, "NoSuchPublicAccessBlockConfiguration"):
				return nil
			case err != nil:
				return err
			}
			if c := out.PublicAccessBlockConfiguration; c != nil {
				b.PublicAccessBlock = &inventory.PublicAccessBlock{
					BlockPublicACLs: aws.ToBool(c.BlockPublicAcls), IgnorePublicACLs: aws.ToBool(c.IgnorePublicAcls),
					BlockPublicPolicy: aws.ToBool(c.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
				}
			}
			return nil
		}},
		{opGetBucketPolicyStatus, func() error {
			out, err := api.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: name})
			switch {
			case isCode(err, "NoSuchBucketPolicy"):
				b.PolicyPublic = aws.Bool(false)
				return nil
			case err != nil:
				return err
			}
			b.PolicyPublic = aws.Bool(out.PolicyStatus != nil && aws.ToBool(out.PolicyStatus.IsPublic))
			return nil
		}},
		{opGetBucketACL, func() error {
			out, err := api.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: name})
			if err != nil {
				return err
			}
			public := false
			for _, g := range out.Grants {
				if g.Grantee == nil {
					continue
				}
				switch aws.ToString(g.Grantee.URI) {
				case allUsersURI, authenticatedUsersURI:
					public = true
				case logDeliveryURI:
					b.LogDeliveryTarget = true
				}
			}
			b.ACLPublic = aws.Bool(public)
			return nil
		}},
		{opGetBucketPolicy, func() error {
			out, err := api.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: name})
			switch {
			case isCode(err, "NoSuchBucketPolicy"):
				return nil
			case err != nil:
				return err
			}
			if policyAllowsLogDelivery(aws.ToString(out.Policy)) {
				b.LogDeliveryTarget = true
			}
			return nil
		}},
		{opListBucketMetricsConfigs, func() error {
			// A bucket holds at most 1,000 metrics configurations, which is one page;
			// the SDK has no paginator for this call.
			out, err := api.ListBucketMetricsConfigurations(ctx, &s3.ListBucketMetricsConfigurationsInput{Bucket: name})
			if err != nil {
				return err
			}
			for _, m := range out.MetricsConfigurationList {
				b.MetricsConfigurations = append(b.MetricsConfigurations, aws.ToString(m.Id))
			}
			return nil
		}},
		{opGetBucketNotificationConfig, func() error {
			out, err := api.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: name})
			if err != nil {
				return err
			}
			b.Notifications = bucketNotifications(out)
			return nil
		}},
		{opGetObjectLockConfiguration, func() error {
			out, err := api.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: name})
			switch {
			case isCode(err, "ObjectLockConfigurationNotFoundError"):
				return nil
			case err != nil:
				return err
			}
			b.ObjectLock = out.ObjectLockConfiguration != nil && out.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
			return nil
		}},
		{opGetBucketLifecycleConfig, func() error {
			out, err := api.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: name})
			switch {
			case isCode(err, "NoSuchLifecycleConfiguration"):
				return nil
			case err != nil:
				return err
			}
			b.LifecycleExpirationDays = shortestExpiration(out.Rules)
			b.LifecycleRules = lifecycleRules(out.Rules)
			return nil
		}},
	}
	for _, st := range steps {
		if !s.plan.Has(st.op) {
			continue
		}
		if err := st.run(); err != nil {
			if err := s.failed(ctx, &b.Meta, st.op, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// s3DetailOps are the per-bucket operations.
var s3DetailOps = []Operation{
	opGetBucketLocation, opGetBucketLogging, opGetBucketVersioning, opGetPublicAccessBlock,
	opGetBucketPolicyStatus, opGetBucketACL, opGetBucketPolicy, opListBucketMetricsConfigs,
	opGetBucketNotificationConfig, opGetObjectLockConfiguration, opGetBucketLifecycleConfig,
}

// Grantee URIs of the predefined S3 groups.
const (
	allUsersURI           = "http://acs.amazonaws.com/groups/global/AllUsers"
	authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	logDeliveryURI        = "http://acs.amazonaws.com/groups/s3/LogDelivery"
)

// policyAllowsLogDelivery reports whether a bucket policy lets the S3 logging service
// write to the bucket, which makes the bucket a server access log target.
func policyAllowsLogDelivery(doc string) bool {
	var p struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return false
	}
	var stmts []struct {
		Effect    string          `json:"Effect"`
		Principal json.RawMessage `json:"Principal"`
	}
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one struct {
			Effect    string          `json:"Effect"`
			Principal json.RawMessage `json:"Principal"`
		}
		if json.Unmarshal(p.Statement, &one) != nil {
			return false
		}
		stmts = append(stmts, one)
	}
	for _, st := range stmts {
		if st.Effect != "Allow" {
			continue
		}
		var pr struct {
			Service json.RawMessage `json:"Service"`
		}
		if json.Unmarshal(st.Principal, &pr) != nil || pr.Service == nil {
			continue
		}
		var services []string
		if json.Unmarshal(pr.Service, &services) != nil {
			var one string
			if json.Unmarshal(pr.Service, &one) != nil {
				continue
			}
			services = []string{one}
		}
		if slices.Contains(services, "logging.s3.amazonaws.com") {
			return true
		}
	}
	return false
}

func bucketNotifications(out *s3.GetBucketNotificationConfigurationOutput) []inventory.BucketNotification {
	var n []inventory.BucketNotification
	events := func(es []s3types.Event) []string {
		s := make([]string, 0, len(es))
		for _, e := range es {
			s = append(s, string(e))
		}
		return s
	}
	for _, c := range out.TopicConfigurations {
		n = append(n, inventory.BucketNotification{Kind: "sns", ARN: aws.ToString(c.TopicArn), Events: events(c.Events)})
	}
	for _, c := range out.QueueConfigurations {
		n = append(n, inventory.BucketNotification{Kind: "sqs", ARN: aws.ToString(c.QueueArn), Events: events(c.Events)})
	}
	for _, c := range out.LambdaFunctionConfigurations {
		n = append(n, inventory.BucketNotification{Kind: "lambda", ARN: aws.ToString(c.LambdaFunctionArn), Events: events(c.Events)})
	}
	if out.EventBridgeConfiguration != nil {
		// EventBridge receives every event of the bucket; there is no target ARN.
		n = append(n, inventory.BucketNotification{Kind: "eventbridge", Events: []string{"*"}})
	}
	return n
}

// shortestExpiration is the shortest current-version expiration, in days, of the enabled
// lifecycle rules; 0 when none expires objects.
func shortestExpiration(rules []s3types.LifecycleRule) int {
	shortest := 0
	for _, r := range rules {
		if r.Status != s3types.ExpirationStatusEnabled || r.Expiration == nil || r.Expiration.Days == nil {
			continue
		}
		d := int(*r.Expiration.Days)
		if d > 0 && (shortest == 0 || d < shortest) {
			shortest = d
		}
	}
	return shortest
}

// lifecycleRules keeps of each lifecycle rule what tells which objects it expires and
// when. The filter's prefix is Filter.Prefix or Filter.And.Prefix, or for a rule written
// before filters existed the deprecated top-level Prefix
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html).
func lifecycleRules(rules []s3types.LifecycleRule) []inventory.LifecycleRule {
	out := make([]inventory.LifecycleRule, 0, len(rules))
	for _, r := range rules {
		lr := inventory.LifecycleRule{ID: aws.ToString(r.ID), Enabled: r.Status == s3types.ExpirationStatusEnabled}
		// Deprecated, but a rule written before filters existed still has only it.
		lr.Prefix = aws.ToString(r.Prefix) //nolint:staticcheck // read on purpose: older rules carry their prefix here
		if f := r.Filter; f != nil {
			if f.Prefix != nil {
				lr.Prefix = *f.Prefix
			}
			lr.Tagged = f.Tag != nil
			lr.SizeFiltered = f.ObjectSizeGreaterThan != nil || f.ObjectSizeLessThan != nil
			if a := f.And; a != nil {
				if a.Prefix != nil {
					lr.Prefix = *a.Prefix
				}
				lr.Tagged = lr.Tagged || len(a.Tags) > 0
				lr.SizeFiltered = lr.SizeFiltered || a.ObjectSizeGreaterThan != nil || a.ObjectSizeLessThan != nil
			}
		}
		if e := r.Expiration; e != nil {
			if e.Days != nil {
				lr.ExpirationDays = int(*e.Days)
			}
			if e.Date != nil {
				lr.ExpirationDate = e.Date.UTC().Format(time.RFC3339)
			}
		}
		out = append(out, lr)
	}
	return out
}

// collectBuckets reads the details of the named buckets, each through a client of its
// region.
func collectBuckets(ctx context.Context, s *scope, buckets []listedBucket, api func(region string) s3API) error {
	items := make([]inventory.S3Bucket, len(buckets))
	for i, b := range buckets {
		arn := s.bucketARN(b.name)
		items[i] = inventory.S3Bucket{Meta: inventory.Meta{
			ID: arn, Type: inventory.TypeS3Bucket, ARN: arn, Name: b.name, AccountID: s.account, Region: b.region,
		}}
	}
	// Each region's buckets get their own detail workers: AWS limits the calls per
	// region, so one region's buckets must not wait behind another's.
	byRegion := map[string][]int{}
	var regions []string
	for i, b := range buckets {
		if _, ok := byRegion[b.region]; !ok {
			regions = append(regions, b.region)
		}
		byRegion[b.region] = append(byRegion[b.region], i)
	}
	err := forEach(ctx, len(regions), len(regions), func(ctx context.Context, r int) error {
		in := byRegion[regions[r]]
		return forEach(ctx, s.detail, len(in), func(ctx context.Context, j int) error {
			return bucketOf(ctx, s, buckets, items, in[j], api)
		})
	})
	if err != nil {
		return err
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.S3Buckets = append(snap.S3Buckets, items...) })
	return nil
}

// bucketOf reads the details of bucket i.
func bucketOf(ctx context.Context, s *scope, buckets []listedBucket, items []inventory.S3Bucket, i int, api func(region string) s3API) error {
	if lerr := buckets[i].locationErr; lerr != nil {
		// Without its region no detail of the bucket can be read: each is unknown. The
		// location call carries its own error; each detail says it was not called because
		// of it, keeping its code (a detail error must not read as that call refused).
		s.note(&items[i].Meta, "", opGetBucketLocation, lerr)
		c := classify(lerr)
		skipped := &smithy.GenericAPIError{Code: c.code,
			Message: "not called: the bucket's region could not be read (" + string(opGetBucketLocation) + " failed: " + c.message + ")"}
		for _, op := range s3DetailOps {
			if op != opGetBucketLocation && s.plan.Has(op) {
				s.note(&items[i].Meta, "", op, skipped)
			}
		}
		return nil
	}
	bs := *s
	bs.region = items[i].Region
	return bucketDetails(ctx, &bs, api(items[i].Region), &items[i])
}
