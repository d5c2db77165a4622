package policies

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// alarmTable applies the parameters of the recommended-alarm rules (SW-MA-01 required,
// SW-MA-02 settings, tolerance and window_factor, SW-AH-06 critical) to the table the
// resolver judges stores with: those rules read the judgement from each store's posture.
func alarmTable(config map[string]any) (*inventory.AlarmTable, error) {
	t := inventory.DefaultAlarmTable()
	params, _ := config["params"].(map[string]any)
	param := func(id, key string, into any) error {
		kv, _ := params[id].(map[string]any)
		v, ok := kv[key]
		if !ok {
			return nil
		}
		b, err := json.Marshal(v)
		if err == nil {
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			err = dec.Decode(into)
		}
		if err != nil {
			return fmt.Errorf("%w: parameter %s.%s: %w", ErrPolicy, id, key, err)
		}
		return nil
	}
	if err := param("SW-MA-01", "required", &t.Required); err != nil {
		return nil, err
	}
	if err := param("SW-AH-06", "critical", &t.Critical); err != nil {
		return nil, err
	}
	if err := param("SW-MA-02", "tolerance", &t.Tolerance); err != nil {
		return nil, err
	}
	if err := param("SW-MA-02", "window_factor", &t.WindowFactor); err != nil {
		return nil, err
	}
	var settings map[string]map[string]rowOverride
	if err := param("SW-MA-02", "settings", &settings); err != nil {
		return nil, err
	}
	for kind, byMetric := range settings {
		rows := slices.Clone(t.Rows[kind])
		for i := range rows {
			if o, ok := byMetric[rows[i].Metric]; ok {
				o.apply(&rows[i])
			}
		}
		t.Rows[kind] = rows
	}
	return t, nil
}

// rowOverride is an entry of SW-MA-02's settings parameter: the fields of a row it replaces.
// A field given as null makes that setting unjudged.
type rowOverride struct {
	Statistic  *string           `json:"statistic"`
	Comparison *string           `json:"comparison"`
	Threshold  optional[float64] `json:"threshold"`
	Period     optional[int]     `json:"period"`
	Datapoints optional[int]     `json:"datapoints"`
	When       *string           `json:"when"`
	Tolerance  optional[float64] `json:"tolerance"`
}

func (o rowOverride) apply(r *inventory.RecommendedAlarm) {
	if o.Statistic != nil {
		r.Statistic = *o.Statistic
	}
	if o.Comparison != nil {
		r.Comparison = *o.Comparison
	}
	if o.When != nil {
		r.When = *o.When
	}
	o.Threshold.apply(&r.Threshold)
	o.Period.apply(&r.Period)
	o.Datapoints.apply(&r.Datapoints)
	o.Tolerance.apply(&r.Tolerance)
}

// optional is a JSON field that may be absent (keep the row's value), null (not judged) or
// a value.
type optional[T any] struct {
	set   bool
	value *T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.set = true
	return json.Unmarshal(b, &o.value)
}

func (o optional[T]) apply(to **T) {
	if o.set {
		*to = o.value
	}
}
