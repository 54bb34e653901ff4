package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wfm-dev/wfm/forecast"
	"github.com/wfm-dev/wfm/io/records"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/schedule"
	"github.com/wfm-dev/wfm/schedule/staff"
	"go.yaml.in/yaml/v3"
)

// Input is one input table and how to read it. In a plan file it is a path,
// or a mapping with the path and any of encoding, sheet, header_row,
// date_format and columns.
type Input struct {
	Path string `yaml:"path"`
	// Encoding of a CSV file: "" detects UTF-8 or GBK (see table.ReadOptions).
	Encoding string `yaml:"encoding"`
	// Sheet of an XLSX workbook; "" is the first.
	Sheet string `yaml:"sheet"`
	// HeaderRow is the header's row, below a title; 0 is the first row.
	HeaderRow int `yaml:"header_row"`
	// DateFormat is how the file writes date-times, in strftime
	// directives (table.ParseDateFormat); "" reads the usual ones.
	DateFormat string `yaml:"date_format"`
	// Columns maps wfm's column names to the file's (contacts=IncomingContactVolume).
	Columns map[string]string `yaml:"columns"`
}

const inputKeys = "path, encoding, sheet, header_row, date_format or columns"

func (in *Input) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		in.Path = n.Value
		return nil
	case yaml.MappingNode:
	default:
		return fmt.Errorf("line %d: want a file path, or a mapping of %s", n.Line, inputKeys)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "path":
			err = v.Decode(&in.Path)
		case "encoding":
			err = v.Decode(&in.Encoding)
		case "sheet":
			err = v.Decode(&in.Sheet)
		case "header_row":
			if err = v.Decode(&in.HeaderRow); err == nil && in.HeaderRow < 1 {
				return fmt.Errorf("line %d: key header_row: want a row number from 1, got %d", v.Line, in.HeaderRow)
			}
		case "date_format":
			if err = v.Decode(&in.DateFormat); err == nil {
				if _, err := table.ParseDateFormat(in.DateFormat); err != nil {
					return fmt.Errorf("line %d: key date_format: %v", v.Line, err)
				}
			}
		case "columns":
			var cols map[string]string
			err = v.Decode(&cols)
			in.Columns = make(map[string]string, len(cols))
			for ours, theirs := range cols {
				in.Columns[strings.ToLower(strings.TrimSpace(ours))] = theirs
			}
		default:
			return fmt.Errorf("line %d: field %s not found in an input, want %s", k.Line, k.Value, inputKeys)
		}
		if err != nil {
			want := map[string]string{"columns": "a mapping of wfm's column names to the file's", "header_row": "a row number"}[k.Value]
			if want == "" {
				want = "text"
			}
			return fmt.Errorf("line %d: key %s: want %s", v.Line, k.Value, want)
		}
	}
	if in.Path == "" {
		return fmt.Errorf("line %d: key path: required, but not set", n.Line)
	}
	return nil
}

// Source is where inputs are read from. A relative path is relative to
// Dir; FS, when set, holds the files under those relative paths (the
// demo's embedded examples). Absolute paths and paths leaving Dir are
// always read from the operating system, so inputs may live anywhere.
type Source struct {
	FS  fs.FS
	Dir string
}

// Name is how messages name the input at path: as written, after Dir when
// relative.
func (s Source) Name(path string) string {
	switch {
	case filepath.IsAbs(path) || s.Dir == "" || s.Dir == ".":
		return path
	case filepath.IsLocal(path):
		return filepath.Join(s.Dir, path)
	}
	return s.Dir + string(filepath.Separator) + path
}

// osPath returns the operating system's path of the input at path, or
// false when it is read from FS.
func (s Source) osPath(path string) (string, bool) {
	switch {
	case filepath.IsAbs(path):
		return path, true
	case s.FS != nil && filepath.IsLocal(path):
		return "", false
	}
	return filepath.Join(s.Dir, path), true
}

// grid reads the table of in.
func (s Source) grid(in Input) (*table.Grid, error) {
	opt := table.ReadOptions{Encoding: in.Encoding, Sheet: in.Sheet, HeaderRow: in.HeaderRow, DateFormat: in.DateFormat}
	if p, ok := s.osPath(in.Path); ok {
		return table.ReadFS(nil, p, s.Name(in.Path), opt)
	}
	return table.ReadFS(s.FS, filepath.ToSlash(filepath.Clean(in.Path)), s.Name(in.Path), opt)
}

// mapped reads the table of in and renames the columns in.Columns maps to
// wfm's names, for the readers that know only those.
func (s Source) mapped(in Input) (*table.Grid, error) {
	g, err := s.grid(in)
	if err != nil {
		return nil, err
	}
	for ours, theirs := range in.Columns {
		c := g.Column(theirs)
		if c < 0 {
			return nil, &table.Error{File: g.File, Row: 1, Column: theirs,
				Err: fmt.Errorf("not found (mapped to %s); the file has %s", ours, strings.Join(g.Header, ", "))}
		}
		g.Header[c] = ours
	}
	return g, nil
}

// History reads a history table at interval (0: the data's own).
func (s Source) History(in Input, interval time.Duration) (*records.History, error) {
	g, err := s.grid(in)
	if err != nil {
		return nil, err
	}
	h, err := records.ReadHistory(g, records.HistoryOptions{Interval: interval, Columns: in.Columns})
	var te *table.Error
	if err != nil && !errors.As(err, &te) {
		// A column mapping naming no column of the history.
		return nil, &table.Error{File: g.File, Err: err}
	}
	return h, err
}

// Holidays reads a holidays table.
func (s Source) Holidays(in Input) ([]forecast.Holiday, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadHolidays(g)
}

// Overrides reads a planner's overrides of the forecast.
func (s Source) Overrides(in Input) ([]forecast.Override, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadOverrides(g)
}

// Demand reads a forecast table as the demand to staff at quantile q.
func (s Source) Demand(in Input, q Quantile) ([]staff.Demand, error) {
	ds, err := s.Demands(in, q)
	if err != nil {
		return nil, err
	}
	return ds[0], nil
}

// Demands reads the file once for the demand of each quantile, in order.
func (s Source) Demands(in Input, qs ...Quantile) ([][]staff.Demand, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	out := make([][]staff.Demand, len(qs))
	for i, q := range qs {
		if out[i], err = records.ReadDemand(g, q.Column()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Targets reads a staffing targets table.
func (s Source) Targets(in Input) ([]staff.Target, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadTargets(g)
}

// Shifts reads a shift templates table.
func (s Source) Shifts(in Input) ([]schedule.Template, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadShifts(g)
}

// Agents reads a named agents table, checking each against the templates.
func (s Source) Agents(in Input, templates []schedule.Template) ([]schedule.Agent, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadAgents(g, templates)
}

// TimeOff reads leave and fixed activities of the agents, or of template
// tours when agents is nil.
func (s Source) TimeOff(in Input, agents []schedule.Agent, templates []schedule.Template) ([]schedule.TimeOff, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadTimeOff(g, agents, templates)
}

// Activities reads the flexible activities to place in the tours.
func (s Source) Activities(in Input) ([]schedule.ActivityRule, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadActivities(g)
}

// Requirements reads a staffing requirements table.
func (s Source) Requirements(in Input) ([]staff.Requirement, error) {
	g, err := s.mapped(in)
	if err != nil {
		return nil, err
	}
	return records.ReadRequirements(g)
}

// SameFile reports whether paths a and b name one file: os.SameFile when
// both exist, else the same cleaned absolute path.
func SameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}
