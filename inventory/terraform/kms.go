package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// KMS keys the plan creates: customer managed by definition. A key whose ARN is unknown
// until apply is recorded under its address, which is what references to it resolve to.

func mapKMSKey(c *converter, in *instance) {
	k := &inventory.KMSKey{AccountID: in.account, Region: in.region, KeyManager: "CUSTOMER"}
	if v := c.get(in, "arn"); v.known && v.str() != "" {
		k.ARN = v.str()
	} else {
		k.ARN = in.address
	}
	c.kms[in.address] = k
	in.item = k
}

func attachKMSAlias(c *converter, in *instance) {
	name := c.get(in, "name")
	if !name.known || name.str() == "" {
		return
	}
	target := c.get(in, "target_key_id")
	var key *inventory.KMSKey
	if t := c.target(target, "aws_kms_key"); t != nil {
		key = c.kms[t.address]
	} else if target.ref != "" {
		key = c.kms[target.ref]
	}
	if key == nil && target.known {
		for _, k := range c.kms {
			if k.ARN == target.str() {
				key = k
			}
		}
	}
	if key != nil {
		key.Aliases = append(key.Aliases, name.str())
	}
}
