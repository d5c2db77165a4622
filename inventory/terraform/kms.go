package terraform

import (
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// KMS keys the plan creates: customer managed by definition. A key whose ARN is unknown
// until apply is recorded under its address, which is what references to it resolve to.

func mapKMSKey(c *converter, in *instance) {
	k := &inventory.KMSKey{AccountID: in.account, Region: in.region, KeyManager: "CUSTOMER"}
	// is_enabled (default true) is the only part of the key's state a plan holds; a key
	// the plan destroys is dropped by markGoneKeys, and one whose is_enabled is known only
	// after apply keeps an empty, unknown state.
	if v := c.get(in, "is_enabled"); v.known {
		if on, ok := v.v.(bool); !ok || on {
			k.KeyState = inventory.KeyStateEnabled
		} else {
			k.KeyState = inventory.KeyStateDisabled
		}
	}
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

// recordGoneKey notes a KMS key or alias the plan destroys (or replaces): the key is
// scheduled for deletion on apply, so it must neither stay in a live snapshot's kms_keys
// nor vouch for what it encrypts.
func (c *converter) recordGoneKey(rc *ResourceChange) {
	before, ok := hideSensitive(rc.Change.Before, nil, rc.Change.BeforeSensitive).v.(map[string]any)
	if !ok {
		return
	}
	switch rc.Type {
	case "aws_kms_key":
		for _, attr := range []string{"arn", "key_id"} {
			if v, _ := before[attr].(string); v != "" {
				c.goneKeys[v] = true
			}
		}
	case "aws_kms_alias":
		if v, _ := before["name"].(string); v != "" {
			c.goneAliases[v] = true
		}
	}
}

// markGoneKeys removes the keys the plan destroys from kms_keys, and the aliases it
// destroys from their keys. A resource still encrypted with a destroyed key after apply
// depends on a key pending deletion, whose data becomes unreadable: its key field is
// unknown, never a pass on the key it names.
func markGoneKeys(s *inventory.Snapshot, keys, aliases map[string]bool) {
	if len(keys) == 0 && len(aliases) == 0 {
		return
	}
	gone := func(ref string) bool {
		if ref == "" {
			return false
		}
		if keys[ref] {
			return true
		}
		_, id, ok := strings.Cut(ref, ":key/")
		return ok && keys[id]
	}
	mark := func(m *inventory.Meta, ref, field string) {
		if gone(ref) {
			addUnknown(m, field)
		}
	}
	s.KMSKeys = slices.DeleteFunc(s.KMSKeys, func(k inventory.KMSKey) bool { return gone(k.ARN) })
	for i := range s.KMSKeys {
		s.KMSKeys[i].Aliases = slices.DeleteFunc(s.KMSKeys[i].Aliases, func(a string) bool { return aliases[a] })
	}
	for i := range s.Trails {
		mark(&s.Trails[i].Meta, s.Trails[i].KMSKeyID, "kms_key_id")
	}
	for i := range s.EventDataStores {
		mark(&s.EventDataStores[i].Meta, s.EventDataStores[i].KMSKeyID, "kms_key_id")
	}
	for i := range s.LogGroups {
		mark(&s.LogGroups[i].Meta, s.LogGroups[i].KMSKeyID, "kms_key_id")
	}
	for i := range s.SNSTopics {
		mark(&s.SNSTopics[i].Meta, s.SNSTopics[i].KMSKeyID, "kms_key_id")
	}
	for i := range s.DBInstances {
		mark(&s.DBInstances[i].Meta, s.DBInstances[i].PerformanceInsightsKMSKeyID, "performance_insights_kms_key_id")
	}
}
