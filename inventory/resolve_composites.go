package inventory

import (
	"fmt"
	"slices"
	"strings"
)

// compositeParents says which composite alarms name each alarm in their rule: metric holds,
// per index in Snapshot.Alarms, the indexes of the composite alarms that include it;
// metricFires, and compositeFires per index in Snapshot.CompositeAlarms, only those whose
// rule the alarm's ALARM state can make true (ALARM(x), not NOT ALARM(x) or OK(x)): the
// ones it can reach someone through.
type compositeParents struct {
	s                           *Snapshot
	metric                      map[int][]int
	metricFires, compositeFires map[int][]int
	// ruleUnknown holds, per account and region, the composite alarms whose rule a plan
	// leaves unknown until apply and that may reach someone: any alarm there may be a child.
	ruleUnknown map[[2]string][]int
}

// undecided returns the composite alarms whose unknown rule may name alarm a.
func (p compositeParents) undecided(a *Alarm) []*CompositeAlarm {
	return p.of(p.ruleUnknown[[2]string{a.AccountID, a.Region}])
}

// of returns the composite alarms at idx, for withParents.
func (p compositeParents) of(idx []int) []*CompositeAlarm {
	if len(idx) == 0 {
		return nil
	}
	out := make([]*CompositeAlarm, len(idx))
	for i, c := range idx {
		out[i] = &p.s.CompositeAlarms[c]
	}
	return out
}

// ids returns the ids of the composite alarms at idx, sorted.
func (p compositeParents) ids(idx []int) []string {
	if len(idx) == 0 {
		return nil
	}
	out := make([]string, len(idx))
	for i, c := range idx {
		out[i] = p.s.CompositeAlarms[c].ID
	}
	return sortedUnique(out)
}

// resolveCompositeAlarms resolves each composite alarm's children, actions and verdict, and
// returns which composite alarms include each alarm.
func resolveCompositeAlarms(s *Snapshot, ix *index) compositeParents {
	p := compositeParents{s: s, metric: map[int][]int{}, metricFires: map[int][]int{}, compositeFires: map[int][]int{},
		ruleUnknown: map[[2]string][]int{}}
	if len(s.CompositeAlarms) == 0 {
		return p
	}
	type target struct {
		metric, composite int // an index in s.Alarms or s.CompositeAlarms; the other is -1
	}
	byName := make(map[scopedName]target, len(s.Alarms)+len(s.CompositeAlarms))
	byARN := make(map[string]target, len(s.Alarms)+len(s.CompositeAlarms))
	for i := range s.Alarms {
		a := &s.Alarms[i]
		byName[scopedName{a.AccountID, a.Region, a.Name}] = target{metric: i, composite: -1}
		if a.ARN != "" {
			byARN[a.ARN] = target{metric: i, composite: -1}
		}
	}
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		byName[scopedName{c.AccountID, c.Region, c.Name}] = target{metric: -1, composite: i}
		if c.ARN != "" {
			byARN[c.ARN] = target{metric: -1, composite: i}
		}
	}
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		var children []string
		for _, ref := range parseAlarmRuleRefs(c.AlarmRule) {
			t, ok := byARN[ref.name]
			if !ok {
				t, ok = byName[scopedName{c.AccountID, c.Region, ref.name}]
			}
			switch {
			case !ok:
				children = append(children, ref.name)
			case t.metric >= 0:
				children = append(children, s.Alarms[t.metric].ID)
				p.metric[t.metric] = appendOnce(p.metric[t.metric], i)
				if ref.fires {
					p.metricFires[t.metric] = appendOnce(p.metricFires[t.metric], i)
				}
			default:
				children = append(children, s.CompositeAlarms[t.composite].ID)
				if ref.fires {
					p.compositeFires[t.composite] = appendOnce(p.compositeFires[t.composite], i)
				}
			}
		}
		c.Posture.Children = sortedUnique(children)
	}

	// A composite's verdict is the better of its own and its parents' (no < unknown < yes),
	// so it is found by raising every verdict from its own until none changes, the same
	// whatever order the composites are listed in, cycles included (AWS refuses a cycle of
	// composite alarms, but a hand-written snapshot may hold one). Parents are judged before
	// their children, so nesting without a cycle settles in one round and a check.
	own := make([]alarmEffectiveness, len(s.CompositeAlarms))
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		own[i] = ix.judgeActions(&c.Meta, c.ActionsEnabled, c.AlarmActions)
		setCompositeVerdict(c, own[i])
	}
	order := p.parentsFirst()
	for range len(s.CompositeAlarms) + 1 {
		changed := false
		for _, i := range order {
			c := &s.CompositeAlarms[i]
			e := own[i].withParents(p.of(p.compositeFires[i]))
			changed = changed || e.effective != c.Posture.Effective
			setCompositeVerdict(c, e)
		}
		if !changed {
			break
		}
	}
	for i := range s.CompositeAlarms {
		c := &s.CompositeAlarms[i]
		if slices.Contains(c.UnknownFields, "alarm_rule") && c.Posture.Effective != StatusNo {
			k := [2]string{c.AccountID, c.Region}
			p.ruleUnknown[k] = append(p.ruleUnknown[k], i)
		}
	}
	return p
}

// withUndecidedParents leaves undecided an alarm that reaches no one by what is known, when a
// composite alarm whose rule is known only after apply may name it and reach someone.
func (e alarmEffectiveness) withUndecidedParents(maybe []*CompositeAlarm) alarmEffectiveness {
	if e.effective != StatusNo || len(maybe) == 0 {
		return e
	}
	names := make([]string, len(maybe))
	for i, c := range maybe {
		names[i] = c.Name
	}
	e.effective = StatusUnknown
	what := "composite alarm "
	if len(names) > 1 {
		what = "composite alarms "
	}
	e.problems = append(e.problems, fmt.Sprintf("the plan leaves the rule of %s%s unknown until apply: it may include the alarm and reach someone",
		what, strings.Join(sortedUnique(names), ", ")))
	return e
}

// parentsFirst orders the composite alarms that have parents so that a parent comes before
// its children, except around a cycle.
func (p compositeParents) parentsFirst() []int {
	seen := make([]bool, len(p.s.CompositeAlarms))
	var order []int
	var visit func(i int)
	visit = func(i int) {
		if seen[i] {
			return
		}
		seen[i] = true
		for _, parent := range p.compositeFires[i] {
			visit(parent)
		}
		if len(p.compositeFires[i]) > 0 {
			order = append(order, i)
		}
	}
	for i := range p.s.CompositeAlarms {
		visit(i)
	}
	return order
}

func setCompositeVerdict(c *CompositeAlarm, e alarmEffectiveness) {
	c.Posture.Actions = e.actions
	c.Posture.Effective = e.effective
	c.Posture.Problems = e.problems
	c.Posture.ReachesVia = e.via
}

func appendOnce(s []int, v int) []int {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// withParents completes an alarm's verdict with its parent composite alarms: via holds the
// ids of those it reaches someone through (as ParentComposites does), the problems name the
// others. An alarm without a working action of its own still reaches someone when a
// composite alarm whose rule names it does: that is what composite alarms are for (children
// without actions, one notification for a combination). The composite's condition (an AND
// with other alarms, say) is the team's design and is not judged. Security Hub's
// CloudWatch.15 judges the alarm on its own actions; so does SW-AH-01, which reads
// alarm_actions, not this verdict.
func (e alarmEffectiveness) withParents(parents []*CompositeAlarm) alarmEffectiveness {
	if e.effective == StatusYes || len(parents) == 0 {
		return e
	}
	var reaching, undecided, silent, undecidedWhy, silentWhy []string
	for _, c := range parents {
		switch c.Posture.Effective {
		case StatusYes:
			reaching = append(reaching, c.ID)
		case StatusUnknown:
			undecided = append(undecided, c.Name)
			undecidedWhy = append(undecidedWhy, c.Posture.Problems...)
		default:
			silent = append(silent, c.Name)
			silentWhy = append(silentWhy, c.Posture.Problems...)
		}
	}
	switch {
	case len(reaching) > 0:
		e.effective, e.problems, e.via = StatusYes, nil, sortedUnique(reaching)
	case len(undecided) > 0:
		e.effective = StatusUnknown
		e.problems = append(e.problems, fmt.Sprintf("whether %s anyone is unknown (%s)",
			parentsReach(undecided), strings.Join(sortedUnique(undecidedWhy), "; ")))
	default:
		e.problems = append(e.problems, fmt.Sprintf("%s no one (%s)", parentsReach(silent), strings.Join(sortedUnique(silentWhy), "; ")))
	}
	return e
}

// parentsReach names parent composite alarms as the subject of "reach(es)".
func parentsReach(names []string) string {
	if len(names) == 1 {
		return "its parent composite alarm " + names[0] + " reaches"
	}
	return "its parent composite alarms " + strings.Join(sortedUnique(names), ", ") + " reach"
}

// withStuck completes a metric alarm's verdict with its state: an alarm that has had no data
// for more than StuckAfterDays watches nothing, whoever its actions reach.
func (e alarmEffectiveness) withStuck(days int) alarmEffectiveness {
	if days <= StuckAfterDays {
		return e
	}
	e.effective, e.via = StatusNo, nil
	e.problems = append([]string{fmt.Sprintf("it has been in INSUFFICIENT_DATA for %d days", days)}, e.problems...)
	return e
}
