package terraform

import (
	"encoding/json"
	"strings"
)

// Configuration is the plan's `configuration` section: the configuration as written, every
// attribute an expression with a constant value or the references it reads.
type Configuration struct {
	ProviderConfig map[string]ProviderConfig `json:"provider_config"`
	RootModule     ConfigModule              `json:"root_module"`
}

// ProviderConfig is one provider block.
type ProviderConfig struct {
	Name          string                     `json:"name"`
	FullName      string                     `json:"full_name"`
	Alias         string                     `json:"alias"`
	ModuleAddress string                     `json:"module_address"`
	Expressions   map[string]json.RawMessage `json:"expressions"`
}

// ConfigModule is one module of the configuration (not an instance of it).
type ConfigModule struct {
	Outputs     map[string]ConfigOutput   `json:"outputs"`
	Resources   []ConfigResource          `json:"resources"`
	ModuleCalls map[string]ModuleCall     `json:"module_calls"`
	Variables   map[string]ConfigVariable `json:"variables"`
}

// ConfigOutput is an output block.
type ConfigOutput struct {
	Expression Expression `json:"expression"`
}

// ConfigVariable is a variable block.
type ConfigVariable struct {
	Default   json.RawMessage `json:"default"`
	Sensitive bool            `json:"sensitive"`
}

// ConfigResource is a resource block. Expressions maps each attribute to an Expression and
// each nested block type to a list of such maps.
type ConfigResource struct {
	Address           string                     `json:"address"`
	Mode              string                     `json:"mode"`
	Type              string                     `json:"type"`
	Name              string                     `json:"name"`
	ProviderConfigKey string                     `json:"provider_config_key"`
	Expressions       map[string]json.RawMessage `json:"expressions"`
	CountExpression   *Expression                `json:"count_expression"`
	ForEachExpression *Expression                `json:"for_each_expression"`
}

// ModuleCall is a module block.
type ModuleCall struct {
	Source            string                     `json:"source"`
	Expressions       map[string]json.RawMessage `json:"expressions"`
	CountExpression   *Expression                `json:"count_expression"`
	ForEachExpression *Expression                `json:"for_each_expression"`
	Module            ConfigModule               `json:"module"`
}

// Expression is one attribute's expression: a constant, or the references it reads (each
// reference listed with its shorter prefixes: aws_db_instance.x.identifier, aws_db_instance.x).
type Expression struct {
	ConstantValue json.RawMessage `json:"constant_value"`
	References    []string        `json:"references"`
}

// configIndex finds the configuration of modules and resources by static module path.
type configIndex struct {
	modules   map[string]*ConfigModule              // "" root, "a", "a.b"
	calls     map[string]*ModuleCall                // "a", "a.b": the call that instantiates the module
	resources map[string]map[string]*ConfigResource // static module path → config key → resource
}

func newConfigIndex(c *Configuration) *configIndex {
	ix := &configIndex{
		modules:   map[string]*ConfigModule{},
		calls:     map[string]*ModuleCall{},
		resources: map[string]map[string]*ConfigResource{},
	}
	var walk func(path string, m *ConfigModule)
	walk = func(path string, m *ConfigModule) {
		ix.modules[path] = m
		rs := map[string]*ConfigResource{}
		for i := range m.Resources {
			r := &m.Resources[i]
			rs[r.Address] = r
		}
		ix.resources[path] = rs
		for name, call := range m.ModuleCalls {
			child := name
			if path != "" {
				child = path + "." + name
			}
			ix.calls[child] = &call
			walk(child, &call.Module)
		}
	}
	walk("", &c.RootModule)
	return ix
}

// sensitiveVar reports whether the root module declares the variable sensitive.
func (ix *configIndex) sensitiveVar(name string) bool {
	m := ix.modules[""]
	return m != nil && m.Variables[name].Sensitive
}

func (ix *configIndex) resource(a resourceAddr) *ConfigResource {
	return ix.resources[a.module.static()][a.configKey()]
}

// expressionAt returns the expression of an attribute path inside a resource's
// configuration: attribute names and, for nested blocks, block indexes or matchers.
func expressionAt(exprs map[string]json.RawMessage, path []any) (Expression, bool) {
	var cur json.RawMessage
	for i, p := range path {
		switch k := p.(type) {
		case string:
			var m map[string]json.RawMessage
			if i == 0 {
				m = exprs
			} else if json.Unmarshal(cur, &m) != nil {
				return Expression{}, false
			}
			v, ok := m[k]
			if !ok {
				return Expression{}, false
			}
			cur = v
		case int:
			var list []json.RawMessage
			if json.Unmarshal(cur, &list) != nil || k < 0 || k >= len(list) {
				return Expression{}, false
			}
			cur = list[k]
		case match:
			var list []map[string]json.RawMessage
			if json.Unmarshal(cur, &list) != nil {
				return Expression{}, false
			}
			found := -1
			for j, b := range list {
				var e Expression
				if json.Unmarshal(b[k.attr], &e) == nil && constantString(e) == k.value {
					if found >= 0 {
						return Expression{}, false
					}
					found = j
				}
			}
			if found < 0 {
				return Expression{}, false
			}
			raw, err := json.Marshal(list[found])
			if err != nil {
				return Expression{}, false
			}
			cur = raw
		default:
			return Expression{}, false
		}
	}
	var e Expression
	if json.Unmarshal(cur, &e) != nil || (e.ConstantValue == nil && e.References == nil) {
		return Expression{}, false
	}
	return e, true
}

// blocksAt counts the nested blocks of the type a path of attribute names ends with.
func blocksAt(exprs map[string]json.RawMessage, path []any) int {
	if len(path) == 0 {
		return 0
	}
	name, ok := path[len(path)-1].(string)
	if !ok {
		return 0
	}
	m := exprs
	if len(path) > 1 {
		parent, ok := expressionMapAt(exprs, path[:len(path)-1])
		if !ok {
			return 0
		}
		m = parent
	}
	var list []json.RawMessage
	if json.Unmarshal(m[name], &list) != nil {
		return 0
	}
	return len(list)
}

// expressionMapAt is the expression map of the nested block a path ends at.
func expressionMapAt(exprs map[string]json.RawMessage, path []any) (map[string]json.RawMessage, bool) {
	cur := exprs
	for i := 0; i < len(path); i++ {
		name, ok := path[i].(string)
		if !ok || i+1 >= len(path) {
			return nil, false
		}
		idx, ok := path[i+1].(int)
		if !ok {
			return nil, false
		}
		var list []map[string]json.RawMessage
		if json.Unmarshal(cur[name], &list) != nil || idx < 0 || idx >= len(list) {
			return nil, false
		}
		cur = list[idx]
		i++
	}
	return cur, true
}

func constantString(e Expression) string {
	var s string
	if json.Unmarshal(e.ConstantValue, &s) != nil {
		return ""
	}
	return s
}

// providerKey normalises a provider_config_key: resources in modules that inherit their
// provider name it "module_path:aws" in some Terraform versions.
func providerKey(k string) string {
	if i := strings.LastIndexByte(k, ':'); i >= 0 {
		return k[i+1:]
	}
	return k
}
