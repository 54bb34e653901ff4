package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/xuri/excelize/v2"
)

// outputOptions are the flags every command writing a table shares.
type outputOptions struct {
	Path   string // -o: the format comes from the extension
	Format string // without -o: table, csv or json
	Update bool   // write into an existing workbook, keeping the planner's sheets
}

func (o *outputOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.Path, "out", "o", "", "write to `FILE` (.csv, .xlsx or .json) instead of stdout")
	enumVarP(cmd.Flags(), &o.Format, "format", "", "", stdoutFormats, "stdout format, by default table on a terminal, else csv")
	cmd.Flags().BoolVar(&o.Update, "update", false, "with -o FILE.xlsx: replace only wfm's sheets of an existing workbook")
}

// check validates the flags before any work is done.
func (o *outputOptions) check() error {
	switch o.Format {
	case "", "table", "csv", "json":
	default:
		return usagef("--format %q: want table, csv or json", o.Format)
	}
	if o.Path == "" {
		if o.Update {
			return usagef("--update needs -o FILE.xlsx")
		}
		return nil
	}
	switch ext := strings.ToLower(filepath.Ext(o.Path)); ext {
	case ".csv", ".json":
		if o.Update {
			return usagef("--update works on .xlsx workbooks, not %s", ext)
		}
	case ".xlsx":
	default:
		return usagef("-o %s: want a .csv, .xlsx or .json file", o.Path)
	}
	return nil
}

// write writes the result: t to a CSV or JSON file or stdout, or the
// workbook built by sheets (by default t as one sheet) to an XLSX file.
func (o *outputOptions) write(s *streams, t *table.Table, sheets func(*excelize.File) error) error {
	if o.Path == "" {
		return writeStdout(s, o.Format, t)
	}
	return sheet.Save(o.Path, o.Update, t, sheets)
}

func writeStdout(s *streams, format string, t *table.Table) error {
	if format == "" {
		format = "csv"
		if s.Terminal {
			format = "table"
		}
	}
	write := map[string]func(io.Writer) error{"table": t.WriteText, "csv": t.WriteCSV, "json": t.WriteJSON}[format]
	return write(s.Out)
}
