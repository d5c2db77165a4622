package inventory

import (
	"slices"
	"strings"
)

// Event subscription services and the source types stores emit events under.
const (
	subscriptionServiceRDS      = "rds"
	subscriptionServiceRedshift = "redshift"

	sourceDBInstance       = "db-instance"
	sourceDBCluster        = "db-cluster"
	sourceRedshiftCluster  = "cluster"
	allCategories          = "*"
	opListSubsByTopic      = "sns:ListSubscriptionsByTopic"
	opListSubs             = "sns:ListSubscriptions"
	subStatusTopicNotExist = "topic-not-exist"
	subStatusNoPermission  = "no-permission"
)

// rdsRegionSourceTypes are the source types of Security Hub RDS.19–22. The region posture
// always has an entry for each, so a rule reads the entry instead of testing for it.
var rdsRegionSourceTypes = []string{sourceDBCluster, sourceDBInstance, "db-parameter-group", "db-security-group"}

// resolveEvents derives event subscription posture, region RDS event coverage and store
// notification links. Run it after resolveTopics, whose confirmed-subscriber counts it
// reads.
func resolveEvents(s *Snapshot, ix *index) {
	subs := newSubscriptionIndex()
	for i := range s.EventSubscriptions {
		e := &s.EventSubscriptions[i]
		e.Posture.Notified = ix.subscriptionNotified(e)
		ix.markTopicUser(e.SNSTopicARN, e.ID)
		if e.Enabled {
			subs.add(e)
		}
	}
	resolveRegionSubscriptions(s)
	for i := range s.DBInstances {
		d := &s.DBInstances[i]
		ix.coverByEvents(subs, &d.Meta, &d.Posture, subscriptionServiceRDS, sourceDBInstance)
	}
	for i := range s.DBClusters {
		// DocumentDB and Neptune clusters emit their events through the RDS event API,
		// under the db-cluster source type.
		d := &s.DBClusters[i]
		ix.coverByEvents(subs, &d.Meta, &d.Posture, subscriptionServiceRDS, sourceDBCluster)
	}
	for i := range s.RedshiftClusters {
		d := &s.RedshiftClusters[i]
		ix.coverByEvents(subs, &d.Meta, &d.Posture, subscriptionServiceRedshift, sourceRedshiftCluster)
	}
	for i := range s.ElastiCacheClusters {
		d := &s.ElastiCacheClusters[i]
		// Only cache clusters carry a notification topic: a replication group takes its
		// members', which the cache cluster listing gives.
		members := ""
		if d.Type == TypeElastiCacheReplicationGroup {
			members = opDescribeCacheClusters
		}
		ix.coverByTopic(&d.Meta, &d.Posture, d.NotificationTopic, "notification_topic", members)
	}
	for i := range s.MemoryDBClusters {
		d := &s.MemoryDBClusters[i]
		ix.coverByTopic(&d.Meta, &d.Posture, d.SNSTopicARN, "sns_topic_arn", "")
	}
	for i := range s.S3Buckets {
		for j := range s.S3Buckets[i].Notifications {
			n := &s.S3Buckets[i].Notifications[j]
			n.Reach = ""
			if n.Kind == ActionSNS {
				n.Reach, _ = ix.topicReach(n.ARN)
			}
		}
	}
}

// topicReach says whether an SNS topic reaches a person: yes when it has a confirmed
// subscriber, no when it has none, unknown when its subscriptions could not be read or the
// topic is not in the snapshot (another account's topic, or one a plan does not manage).
func (ix *index) topicReach(arn string) (string, *int) {
	t := ix.topics[arn]
	if t == nil {
		return StatusUnknown, nil
	}
	if ix.kmsKeyManager(t.KMSKeyID, t.AccountID, t.Region) == "AWS" {
		// An AWS service (RDS, ElastiCache, MemoryDB, S3) publishes to an encrypted topic
		// only with a customer managed key whose policy lets it: the AWS managed key aws/sns
		// lets no service in, and its policy cannot be changed.
		return StatusNo, nil
	}
	if ix.failed(t.AccountID, t.Region, opListSubsByTopic) || ix.failed(t.AccountID, t.Region, opListSubs) {
		return StatusUnknown, nil
	}
	for _, e := range t.Errors {
		if e.Operation == opListSubsByTopic || e.Operation == opListSubs {
			return StatusUnknown, nil
		}
	}
	n := t.Posture.ConfirmedSubscribers
	if n > 0 {
		return StatusYes, &n
	}
	return StatusNo, &n
}

// subscriptionNotified says whether a subscription's events reach a person, whether or not
// the subscription is enabled.
func (ix *index) subscriptionNotified(e *EventSubscription) string {
	switch {
	case slices.Contains(e.UnknownFields, "sns_topic_arn"):
		return StatusUnknown
	case e.Status == subStatusTopicNotExist || e.Status == subStatusNoPermission:
		// The service itself reports that it cannot publish to the topic.
		return StatusNo
	case e.SNSTopicARN == "":
		return StatusNo
	}
	st, _ := ix.topicReach(e.SNSTopicARN)
	return st
}

// markTopicUser records a subscription among the users of its topic.
func (ix *index) markTopicUser(arn, user string) {
	t := ix.topics[arn]
	if t == nil || slices.Contains(t.Posture.UsedBy, user) {
		return
	}
	t.Posture.UsedBy = append(t.Posture.UsedBy, user)
	sortStrings(t.Posture.UsedBy)
}

// subscriptionIndex holds the enabled subscriptions by the sources they cover, so that each
// store finds its subscriptions without scanning every subscription of its region.
type subscriptionIndex struct {
	// all holds subscriptions that cover every source of a type (no source ids); a
	// subscription without a source type is filed under "" and covers every type.
	all map[subscriptionKey][]*EventSubscription
	// named holds subscriptions limited to source ids, under each id.
	named map[subscriptionKey][]*EventSubscription
}

type subscriptionKey struct{ account, region, service, sourceType, sourceID string }

func newSubscriptionIndex() *subscriptionIndex {
	return &subscriptionIndex{all: map[subscriptionKey][]*EventSubscription{}, named: map[subscriptionKey][]*EventSubscription{}}
}

func (x *subscriptionIndex) add(e *EventSubscription) {
	k := subscriptionKey{account: e.AccountID, region: e.Region, service: e.Service, sourceType: e.SourceType}
	if len(e.SourceIDs) == 0 {
		x.all[k] = append(x.all[k], e)
		return
	}
	for _, id := range e.SourceIDs {
		k.sourceID = id
		x.named[k] = append(x.named[k], e)
	}
}

// covering returns the enabled subscriptions that deliver a store's events, once each.
func (x *subscriptionIndex) covering(m *Meta, service, sourceType string) []*EventSubscription {
	base := subscriptionKey{account: m.AccountID, region: m.Region, service: service}
	var out []*EventSubscription
	add := func(list []*EventSubscription) {
		for _, e := range list {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	for _, st := range []string{sourceType, ""} {
		k := base
		k.sourceType = st
		add(x.all[k])
	}
	// Source ids are identifiers (names); a plan may name the store by its address.
	k := base
	k.sourceType = sourceType
	for _, id := range []string{m.Name, m.ID, m.ARN} {
		if id == "" {
			continue
		}
		k.sourceID = id
		add(x.named[k])
	}
	return out
}

// coverByEvents links a store to the enabled subscriptions that cover it and says whether
// one of them reaches a person.
func (ix *index) coverByEvents(x *subscriptionIndex, m *Meta, p *StorePosture, service, sourceType string) {
	covering := x.covering(m, service, sourceType)
	p.EventSubscriptions = make([]string, 0, len(covering))
	cov := Coverage{Status: StatusNo, By: []string{}}
	topicUnknown := false
	for _, e := range covering {
		p.EventSubscriptions = append(p.EventSubscriptions, e.ID)
		switch e.Posture.Notified {
		case StatusYes:
			cov.By = append(cov.By, e.ID)
		case StatusUnknown:
			topicUnknown = true
		}
	}
	sortStrings(p.EventSubscriptions)
	sortStrings(cov.By)
	switch {
	case len(cov.By) > 0:
		cov.Status = StatusYes
	case ix.failed(m.AccountID, m.Region, service+":DescribeEventSubscriptions"):
		cov.Status = StatusUnknown
		cov.Reason = ix.unlisted("the "+service+" event subscriptions of the region", m.AccountID, m.Region, service+":DescribeEventSubscriptions")
	case topicUnknown:
		cov.Status = StatusUnknown
		cov.Reason = "the SNS topic of a covering event subscription could not be read or is not in the snapshot"
	case len(covering) == 0:
		cov.Reason = "no enabled " + service + " event subscription covers it"
	default:
		cov.Reason = "the SNS topics of its event subscriptions have no confirmed subscriber"
	}
	p.EventNotification = cov
}

// coverByTopic resolves a store's own notification topic (ElastiCache, MemoryDB).
// unknownField is the JSON name of the topic field, which a plan may leave unknown.
// memberOp, when not empty, is the operation the topic is read through (a replication
// group's comes from its member cache clusters): when it failed for the store, or for its
// region, an empty topic was not read rather than not set.
func (ix *index) coverByTopic(m *Meta, p *StorePosture, arn, unknownField, memberOp string) {
	cov := Coverage{Status: StatusNo, By: []string{}}
	switch {
	case slices.Contains(m.UnknownFields, unknownField):
		p.Notification = &ActionTarget{ARN: arn, Kind: ActionSNS}
		cov.Status = StatusUnknown
		cov.Reason = "the plan leaves the notification topic unknown until apply"
	case arn == "" && memberOp != "" && (hasErrorFor(m.Errors, memberOp) || ix.failed(m.AccountID, m.Region, memberOp)):
		p.Notification = nil
		cov.Status = StatusUnknown
		cov.Reason = "its notification topic, which only its member cache clusters carry, was not read " + ix.failedNote(m.AccountID, m.Region, memberOp)
	case arn == "":
		p.Notification = nil
		cov.Reason = "it has no notification topic"
	default:
		st, n := ix.topicReach(arn)
		p.Notification = &ActionTarget{ARN: arn, Kind: ActionSNS, ConfirmedSubscribers: n}
		cov.Status = st
		switch st {
		case StatusYes:
			cov.By = []string{arn}
		case StatusNo:
			cov.Reason = "its notification topic has no confirmed subscriber"
		case StatusUnknown:
			cov.Reason = "its notification topic could not be read or is not in the snapshot"
			if t := ix.topics[arn]; t != nil && awaitsConfirmation(t) {
				cov.Reason = "the subscriptions of its notification topic await confirmation by their recipients after apply"
			}
		}
	}
	p.EventNotification = cov
}

// resolveRegionSubscriptions summarises, per region and RDS source type, the enabled
// subscriptions that cover every source of the type and the categories they deliver.
func resolveRegionSubscriptions(s *Snapshot) {
	byRegion := map[scopedName]map[string]*SourceTypeSubscriptions{}
	// typesOf returns the entries of a region, with one for sourceType.
	typesOf := func(account, region, sourceType string) map[string]*SourceTypeSubscriptions {
		rk := scopedName{account, region, ""}
		types := byRegion[rk]
		if types == nil {
			types = map[string]*SourceTypeSubscriptions{}
			for _, t := range rdsRegionSourceTypes {
				types[t] = newSourceTypeSubscriptions(t)
			}
			byRegion[rk] = types
		}
		if sourceType != "" && types[sourceType] == nil {
			types[sourceType] = newSourceTypeSubscriptions(sourceType)
		}
		return types
	}
	for i := range s.Regions {
		typesOf(s.Regions[i].AccountID, s.Regions[i].Region, "")
	}
	// Source types first, so that a subscription without a source type reaches every
	// type of its region whatever the order of the subscriptions.
	for i := range s.EventSubscriptions {
		e := &s.EventSubscriptions[i]
		if e.Enabled && e.Service == subscriptionServiceRDS && e.SourceType != "" {
			typesOf(e.AccountID, e.Region, e.SourceType)
		}
	}
	for i := range s.EventSubscriptions {
		e := &s.EventSubscriptions[i]
		if !e.Enabled || e.Service != subscriptionServiceRDS {
			continue
		}
		for t, acc := range typesOf(e.AccountID, e.Region, "") {
			if e.SourceType != "" && e.SourceType != t {
				continue
			}
			if len(e.SourceIDs) > 0 {
				acc.ScopedSubscriptions = append(acc.ScopedSubscriptions, e.ID)
				continue
			}
			acc.Subscriptions = append(acc.Subscriptions, e.ID)
			acc.Notified = better(acc.Notified, e.Posture.Notified)
			cats := e.EventCategories
			if len(cats) == 0 {
				cats = []string{allCategories}
			}
			for _, c := range cats {
				c = strings.ToLower(c)
				acc.CategoryNotified[c] = better(acc.CategoryNotified[c], e.Posture.Notified)
			}
		}
	}
	for i := range s.Regions {
		r := &s.Regions[i]
		types := byRegion[scopedName{r.AccountID, r.Region, ""}]
		out := make([]SourceTypeSubscriptions, 0, len(types))
		for _, acc := range types {
			if _, ok := acc.CategoryNotified[allCategories]; ok {
				acc.Categories = []string{allCategories}
			} else {
				for c := range acc.CategoryNotified {
					acc.Categories = append(acc.Categories, c)
				}
				sortStrings(acc.Categories)
			}
			sortStrings(acc.Subscriptions)
			sortStrings(acc.ScopedSubscriptions)
			out = append(out, *acc)
		}
		slices.SortFunc(out, func(a, b SourceTypeSubscriptions) int { return strings.Compare(a.SourceType, b.SourceType) })
		r.Posture.RDSEventSubscriptions = out
	}
}

func newSourceTypeSubscriptions(sourceType string) *SourceTypeSubscriptions {
	return &SourceTypeSubscriptions{
		SourceType: sourceType, Categories: []string{}, Subscriptions: []string{}, Notified: StatusNo,
		CategoryNotified: map[string]string{}, ScopedSubscriptions: []string{},
	}
}

// better returns the stronger of two notification statuses: yes over unknown over no, and
// any status over none.
func better(a, b string) string {
	rank := func(s string) int {
		switch s {
		case StatusYes:
			return 3
		case StatusUnknown:
			return 2
		case StatusNo:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}
