package terraform

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// S3 buckets and the separate resources that configure them since provider 4.0
// (aws_s3_bucket_logging, _versioning, _public_access_block, _metric, _notification,
// _lifecycle_configuration, _object_lock_configuration, _acl, _policy). The bucket's own
// legacy attributes (logging, versioning, acl, ...) are computed: known for an existing
// bucket, unknown for a new one. A separate resource overrides them. For a new bucket that
// no resource configures, AWS's defaults for new buckets apply.

func mapS3Bucket(c *converter, in *instance) {
	b := &inventory.S3Bucket{Meta: c.meta(in, inventory.TypeS3Bucket)}
	r := c.reader(in, &b.Meta)
	if b.ARN == "" && b.Name != "" {
		b.ARN = s3ARN(partitionOfRegion(in.region), b.Name)
		b.UnknownFields = without(b.UnknownFields, "arn")
	}
	unmanaged := func(field string) bool {
		if in.isNew {
			return true
		}
		r.unknown(field)
		return false
	}
	// Server access logging: off for a new bucket.
	if l := in.after.get("logging"); l.wholeKnown() {
		if len(l.elems()) > 0 {
			b.Logging = &inventory.BucketLogging{
				TargetBucket: r.str("logging", "logging", 0, "target_bucket"),
				TargetPrefix: r.str("logging", "logging", 0, "target_prefix"),
			}
		}
	} else {
		unmanaged("logging")
	}
	// Versioning: never enabled on a new bucket.
	if v := in.after.get("versioning"); v.wholeKnown() {
		if len(v.elems()) > 0 {
			if r.boolean("versioning", false, "versioning", 0, "enabled") {
				b.Versioning = "Enabled"
			}
			b.MFADelete = r.boolean("mfa_delete", false, "versioning", 0, "mfa_delete")
		}
	} else if !unmanaged("versioning") {
		r.unknown("mfa_delete")
	}
	// Since April 2023 a new bucket has all four Block Public Access settings on and ACLs
	// disabled (object ownership BucketOwnerEnforced).
	if in.isNew {
		b.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
		no := false
		b.ACLPublic = &no
		b.PolicyPublic = &no
	} else {
		r.unknown("public_access_block")
		if acl := c.get(in, "acl"); acl.known && acl.v != nil {
			p := cannedACLPublic(acl.str())
			b.ACLPublic = &p
		} else if g := in.after.get("grant"); g.wholeKnown() {
			p := grantsPublic(g.v)
			b.ACLPublic = &p
		} else {
			r.unknown("acl_public")
		}
		if pol := c.get(in, "policy"); pol.known {
			p := policyPublic(pol.str())
			b.PolicyPublic = &p
		} else {
			r.unknown("policy_public")
		}
	}
	if ol := c.get(in, "object_lock_enabled"); ol.known {
		b.ObjectLock, _ = ol.v.(bool)
	} else {
		unmanaged("object_lock")
	}
	if lc := in.after.get("lifecycle_rule"); lc.wholeKnown() {
		b.LifecycleExpirationDays = legacyLifecycleDays(lc)
		b.LifecycleRules = legacyLifecycleRules(lc, !in.isNew)
	} else {
		unmanaged("lifecycle_expiration_days")
	}
	// Request metrics and notifications exist only as separate resources.
	b.MetricsConfigurations = []string{}
	b.Notifications = []inventory.BucketNotification{}
	if !in.isNew {
		r.unknown("metrics_configurations")
		r.unknown("notifications")
	}
	in.item = b
}

func attachBucketLogging(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "logging")
		target := c.get(in, "target_bucket")
		l := &inventory.BucketLogging{TargetPrefix: r.str("logging", "target_prefix")}
		switch t := c.target(target, "aws_s3_bucket"); {
		case target.known:
			l.TargetBucket = target.str()
		case t != nil && nameOf(t) != "":
			l.TargetBucket = nameOf(t)
		default:
			l.TargetBucket = r.ref("logging", "target_bucket")
		}
		b.Logging = l
		if t := c.target(target, "aws_s3_bucket"); t != nil {
			if tb, ok := t.item.(*inventory.S3Bucket); ok {
				tb.LogDeliveryTarget = true
			}
		}
	})
}

func attachBucketVersioning(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(without(b.UnknownFields, "versioning"), "mfa_delete")
		// "Disabled" is only valid on a bucket that never had versioning: it reads back as
		// no versioning status at all.
		switch s := r.str("versioning", "versioning_configuration", 0, "status"); s {
		case "Enabled", "Suspended":
			b.Versioning = s
		default:
			b.Versioning = ""
		}
		if v := c.get(in, "versioning_configuration", 0, "mfa_delete"); v.known {
			b.MFADelete = v.str() == "Enabled"
		} else if r.configured("versioning_configuration", 0, "mfa_delete") {
			r.unknown("mfa_delete")
		} else {
			b.MFADelete = false
		}
	})
}

func attachPublicAccessBlock(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "public_access_block")
		// Every flag defaults to false in this resource.
		b.PublicAccessBlock = &inventory.PublicAccessBlock{
			BlockPublicACLs:       r.boolean("public_access_block", false, "block_public_acls"),
			IgnorePublicACLs:      r.boolean("public_access_block", false, "ignore_public_acls"),
			BlockPublicPolicy:     r.boolean("public_access_block", false, "block_public_policy"),
			RestrictPublicBuckets: r.boolean("public_access_block", false, "restrict_public_buckets"),
		}
	})
}

func attachBucketMetric(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		if s := r.str("metrics_configurations", "name"); s != "" {
			b.MetricsConfigurations = append(b.MetricsConfigurations, s)
		}
	})
}

func attachBucketNotification(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "notifications")
		b.Notifications = []inventory.BucketNotification{}
		kinds := []struct{ block, kind, arn string }{
			{"topic", "sns", "topic_arn"},
			{"queue", "sqs", "queue_arn"},
			{"lambda_function", "lambda", "lambda_function_arn"},
		}
		for _, k := range kinds {
			for i := range r.each("notifications", k.block) {
				b.Notifications = append(b.Notifications, inventory.BucketNotification{
					Kind:   k.kind,
					ARN:    r.ref("notifications", k.block, i, k.arn),
					Events: r.strs("notifications", k.block, i, "events"),
				})
			}
		}
		if r.boolean("notifications", false, "eventbridge") {
			b.Notifications = append(b.Notifications, inventory.BucketNotification{Kind: "eventbridge", Events: []string{}})
		}
	})
}

func attachBucketPolicy(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		pol := c.get(in, "policy")
		if !pol.known {
			b.PolicyPublic = nil
			r.unknown("policy_public")
			return
		}
		b.UnknownFields = without(b.UnknownFields, "policy_public")
		p := policyPublic(pol.str())
		b.PolicyPublic = &p
		if strings.Contains(pol.str(), "logging.s3.amazonaws.com") {
			b.LogDeliveryTarget = true
		}
	})
}

func attachBucketACL(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "acl_public")
		if acl := c.get(in, "acl"); acl.known && acl.v != nil {
			p := cannedACLPublic(acl.str())
			b.ACLPublic = &p
			if acl.str() == "log-delivery-write" {
				b.LogDeliveryTarget = true
			}
			return
		}
		acp := in.after.get("access_control_policy")
		if !acp.wholeKnown() {
			b.ACLPublic = nil
			r.unknown("acl_public")
			return
		}
		var grants []any
		for _, p := range acp.elems() {
			if l, ok := p.get("grant").v.([]any); ok {
				for _, g := range l {
					if gm, ok := g.(map[string]any); ok {
						if gl, ok := gm["grantee"].([]any); ok {
							grants = append(grants, gl...)
						}
					}
				}
			}
		}
		pub := grantsPublic(grants)
		b.ACLPublic = &pub
		for _, g := range grants {
			if gm, ok := g.(map[string]any); ok && strings.HasSuffix(str(gm["uri"]), "/s3/LogDelivery") {
				b.LogDeliveryTarget = true
			}
		}
	})
}

func attachObjectLock(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "object_lock")
		// The resource exists to configure Object Lock; object_lock_enabled defaults to
		// "Enabled".
		s := r.str("object_lock", "object_lock_enabled")
		b.ObjectLock = s == "" || s == "Enabled"
	})
}

func attachLifecycle(c *converter, in *instance) {
	onTarget(c, in, "bucket", "aws_s3_bucket", func(b *inventory.S3Bucket, r reader) {
		b.UnknownFields = without(b.UnknownFields, "lifecycle_expiration_days")
		days := 0
		for i := range r.each("lifecycle_expiration_days", "rule") {
			if r.str("lifecycle_expiration_days", "rule", i, "status") != "Enabled" {
				continue
			}
			for j := range r.each("lifecycle_expiration_days", "rule", i, "expiration") {
				if d := r.integer("lifecycle_expiration_days", 0, "rule", i, "expiration", j, "days"); d > 0 && (days == 0 || d < days) {
					days = d
				}
			}
		}
		b.LifecycleExpirationDays = days
		b.UnknownFields = without(b.UnknownFields, "lifecycle_rules")
		b.LifecycleRules = lifecycleRules(r)
	})
}

// lifecycleRules reads the rules of an aws_s3_bucket_lifecycle_configuration: the filter's
// prefix (filter.prefix, filter.and.prefix, or the deprecated rule.prefix), whether it
// needs tags or sizes, and the current-version expiration. A part known only after apply
// makes lifecycle_rules unknown: which objects the rule expires is then unknown.
func lifecycleRules(r reader) []inventory.LifecycleRule {
	const f = "lifecycle_rules"
	out := []inventory.LifecycleRule{}
	for i := range r.each(f, "rule") {
		lr := inventory.LifecycleRule{
			ID: r.str(f, "rule", i, "id"), Enabled: r.str(f, "rule", i, "status") == "Enabled",
			Prefix: r.str(f, "rule", i, "prefix"),
		}
		// filter and filter.and are blocks of at most one.
		for j := range r.each(f, "rule", i, "filter") {
			if p := r.str(f, "rule", i, "filter", j, "prefix"); p != "" {
				lr.Prefix = p
			}
			lr.Tagged = lr.Tagged || len(r.each(f, "rule", i, "filter", j, "tag")) > 0
			lr.SizeFiltered = lr.SizeFiltered || sizeSet(r, "rule", i, "filter", j, "object_size_greater_than") ||
				sizeSet(r, "rule", i, "filter", j, "object_size_less_than")
			for k := range r.each(f, "rule", i, "filter", j, "and") {
				if p := r.str(f, "rule", i, "filter", j, "and", k, "prefix"); p != "" {
					lr.Prefix = p
				}
				if tags := r.c.get(r.in, "rule", i, "filter", j, "and", k, "tags"); !tags.known {
					r.unknown(f)
				} else if m, _ := tags.v.(map[string]any); len(m) > 0 {
					lr.Tagged = true
				}
				lr.SizeFiltered = lr.SizeFiltered || sizeSet(r, "rule", i, "filter", j, "and", k, "object_size_greater_than") ||
					sizeSet(r, "rule", i, "filter", j, "and", k, "object_size_less_than")
			}
		}
		for j := range r.each("lifecycle_expiration_days", "rule", i, "expiration") {
			if d := r.integer("lifecycle_expiration_days", 0, "rule", i, "expiration", j, "days"); d > 0 {
				lr.ExpirationDays = d
			}
			// A date known only after apply leaves lifecycle_rules unknown, as unknown days
			// leave lifecycle_expiration_days.
			lr.ExpirationDate = expirationDate(r.str(f, "rule", i, "expiration", j, "date"))
		}
		out = append(out, lr)
	}
	return out
}

// sizeSet reports whether an object size bound is set: the provider has it as a number or,
// in some versions, a string, with 0 or "" for none.
func sizeSet(r reader, path ...any) bool {
	v := r.c.get(r.in, path...)
	if !v.known {
		r.unknown("lifecycle_rules")
		return false
	}
	switch x := v.v.(type) {
	case float64:
		return x > 0
	case string:
		return x != "" && x != "0"
	}
	return false
}

// legacyLifecycleRules reads the bucket's computed lifecycle_rule attribute (prefix and
// tags are plain attributes there). The attribute has no object size fields: the provider
// drops a size filter when it reads an existing bucket's rules back from AWS, so for a
// bucket that exists already (existing) whether a rule selects by size is unknown. A new
// bucket gets exactly the rules written, which cannot select by size.
func legacyLifecycleRules(lc node, existing bool) []inventory.LifecycleRule {
	out := []inventory.LifecycleRule{}
	for _, rule := range lc.elems() {
		lr := inventory.LifecycleRule{SizeUnknown: existing}
		lr.ID, _ = rule.get("id").v.(string)
		lr.Enabled, _ = rule.get("enabled").v.(bool)
		lr.Prefix, _ = rule.get("prefix").v.(string)
		tags, _ := rule.get("tags").v.(map[string]any)
		lr.Tagged = len(tags) > 0
		for _, e := range rule.get("expiration").elems() {
			if f, ok := e.get("days").v.(float64); ok && f > 0 {
				lr.ExpirationDays = int(f)
			}
			date, _ := e.get("date").v.(string)
			lr.ExpirationDate = expirationDate(date)
		}
		out = append(out, lr)
	}
	return out
}

// expirationDate normalises a lifecycle expiration date to RFC 3339 in UTC:
// aws_s3_bucket_lifecycle_configuration takes RFC 3339, aws_s3_bucket's lifecycle_rule a
// plain date (2006-01-02). Anything else is kept as written, for the resolver to call
// unreadable.
func expirationDate(s string) string {
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return s
}

// legacyLifecycleDays reads the bucket's computed lifecycle_rule attribute.
func legacyLifecycleDays(lc node) int {
	days := 0
	for _, rule := range lc.elems() {
		if on, _ := rule.get("enabled").v.(bool); !on {
			continue
		}
		for _, e := range rule.get("expiration").elems() {
			if f, ok := e.get("days").v.(float64); ok && f > 0 && (days == 0 || int(f) < days) {
				days = int(f)
			}
		}
	}
	return days
}

func cannedACLPublic(acl string) bool {
	switch acl {
	case "public-read", "public-read-write", "authenticated-read":
		return true
	}
	return false
}

// grantsPublic reports whether a list of grants (grant or grantee objects) names the
// AllUsers or AuthenticatedUsers group.
func grantsPublic(v any) bool {
	l, _ := v.([]any)
	for _, g := range l {
		m, ok := g.(map[string]any)
		if !ok {
			continue
		}
		uri := str(m["uri"])
		if strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers") {
			return true
		}
	}
	return false
}

// policyPublic reports whether a bucket policy has an Allow statement for any principal
// without a condition, the shape GetBucketPolicyStatus calls public. It is deliberately
// simple: conditions are not analysed.
func policyPublic(doc string) bool {
	if doc == "" {
		return false
	}
	var p struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &p) != nil {
		return false
	}
	var stmts []map[string]any
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one map[string]any
		if json.Unmarshal(p.Statement, &one) != nil {
			return false
		}
		stmts = []map[string]any{one}
	}
	for _, s := range stmts {
		if str(s["Effect"]) != "Allow" || s["Condition"] != nil {
			continue
		}
		switch pr := s["Principal"].(type) {
		case string:
			if pr == "*" {
				return true
			}
		case map[string]any:
			if aws, ok := pr["AWS"]; ok && (aws == "*" || anyStar(aws)) {
				return true
			}
		}
	}
	return false
}

func anyStar(v any) bool {
	l, _ := v.([]any)
	for _, x := range l {
		if x == "*" {
			return true
		}
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
