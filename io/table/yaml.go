package table

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// readYAML reads a list of mappings (or a mapping holding one such list, as
// in "shifts: [...]") into a grid: keys become columns in first-seen order
// and each item a row at its line. Nested values (such as a shift's list of
// breaks) are kept as YAML flow text for the field's own parser.
func readYAML(data []byte, name string) (*Grid, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if err == io.EOF {
			return &Grid{File: name}, nil
		}
		return nil, Errorf(name, 0, "", "not valid YAML: %v", err)
	}
	list := &doc
	if list.Kind == yaml.DocumentNode && len(list.Content) == 1 {
		list = list.Content[0]
	}
	if list.Kind == yaml.MappingNode && len(list.Content) == 2 {
		list = list.Content[1]
	}
	if list.Kind != yaml.SequenceNode {
		return nil, Errorf(name, list.Line, "", "want a list of entries, one per row")
	}
	g := &Grid{File: name}
	index := map[string]int{}
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, Errorf(name, item.Line, "", "want a mapping of field: value")
		}
		row := make([]string, len(g.Header))
		for i := 0; i+1 < len(item.Content); i += 2 {
			key, val := item.Content[i], item.Content[i+1]
			k := strings.ToLower(strings.TrimSpace(key.Value))
			c, ok := index[k]
			if !ok {
				c = len(g.Header)
				index[k] = c
				g.Header = append(g.Header, key.Value)
				for j := range g.Rows {
					g.Rows[j] = append(g.Rows[j], "")
				}
				row = append(row, "")
			} else if row[c] != "" {
				return nil, Errorf(name, key.Line, key.Value, "field given twice")
			}
			text, err := scalarText(val)
			if err != nil {
				return nil, Errorf(name, val.Line, key.Value, "%v", err)
			}
			row[c] = stripControl(text)
		}
		if g.cells += len(row); g.cells > cellLimit {
			return nil, Errorf(name, item.Line, "", "more than %d cells, the most an input table may have", cellLimit)
		}
		g.Rows = append(g.Rows, row)
		g.Lines = append(g.Lines, item.Line)
	}
	return g, nil
}

func scalarText(n *yaml.Node) (string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil
		}
		return strings.TrimSpace(n.Value), nil
	case yaml.SequenceNode, yaml.MappingNode:
		flow := *n
		setFlow(&flow)
		out, err := yaml.Marshal(&flow)
		if err != nil {
			return "", fmt.Errorf("cannot read nested value: %v", err)
		}
		return strings.TrimSpace(string(out)), nil
	default:
		return "", fmt.Errorf("unsupported YAML value")
	}
}

// setFlow marks n and everything below it for one-line flow output.
func setFlow(n *yaml.Node) {
	n.Style = yaml.FlowStyle
	for i, c := range n.Content {
		cp := *c
		setFlow(&cp)
		n.Content[i] = &cp
	}
}
