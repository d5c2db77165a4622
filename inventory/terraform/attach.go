package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// orphan is what a separate resource configures on a resource the plan does not manage (a
// metric filter on a log group created elsewhere). Merged over a live snapshot, it is
// applied to the live item it names.
type orphan struct {
	// typ is the snapshot type of the target; key its name or ARN.
	typ, account, region, key string
	from                      string
	apply                     func(item any) bool
}

// onTarget runs apply on the snapshot item of the resource that attribute attr of in points
// at (by name, ARN or reference). When that resource is not in the plan but the attribute
// names it, apply is kept as an orphan for Merge.
func onTarget[T any](c *converter, in *instance, attr, tfType string, apply func(x *T, r reader)) {
	v := c.get(in, attr)
	if t := c.target(v, tfType); t != nil {
		if x, ok := t.item.(*T); ok {
			apply(x, c.reader(in, metaOf(x)))
		}
		return
	}
	if !v.known || v.str() == "" {
		return
	}
	var zero T
	c.orphans = append(c.orphans, orphan{
		typ: typeOfItem(&zero), account: in.account, region: in.region, key: v.str(), from: in.address,
		apply: func(item any) bool {
			x, ok := item.(*T)
			if ok {
				apply(x, c.reader(in, metaOf(x)))
			}
			return ok
		},
	})
	if in.destroyed {
		// A destroyed resource's setting leaves the live resource with --snapshot; saying
		// it "is applied" there was wrong, and in a destroy plan, noise for every pair.
		return
	}
	c.warnf("%s: %s %q is not in the plan; with --snapshot it is applied to the live resource", in.address, tfType, v.str())
}

func metaOf(item any) *inventory.Meta {
	switch x := item.(type) {
	case *inventory.S3Bucket:
		return &x.Meta
	case *inventory.LogGroup:
		return &x.Meta
	case *inventory.SNSTopic:
		return &x.Meta
	case *inventory.DynamoDBTable:
		return &x.Meta
	case *inventory.RedshiftCluster:
		return &x.Meta
	}
	return &inventory.Meta{}
}

func typeOfItem(item any) string {
	switch item.(type) {
	case *inventory.S3Bucket:
		return inventory.TypeS3Bucket
	case *inventory.LogGroup:
		return inventory.TypeLogGroup
	case *inventory.SNSTopic:
		return inventory.TypeSNSTopic
	case *inventory.DynamoDBTable:
		return inventory.TypeDynamoDBTable
	case *inventory.RedshiftCluster:
		return inventory.TypeRedshiftCluster
	}
	return ""
}
