package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/wfm-dev/wfm/io/outfile"
	"github.com/wfm-dev/wfm/io/sheet"
	"github.com/wfm-dev/wfm/io/table"
	"github.com/wfm-dev/wfm/io/term"
	"github.com/xuri/excelize/v2"
)

// outputOptions are the flags every command writing a table shares.
type outputOptions struct {
	Path   string // -o: the format comes from the extension
	Format string // without -o: table, csv or json
	Update bool   // write into an existing workbook, keeping the planner's sheets
	Force  bool   // replace an existing workbook, even one holding the planner's sheets
	CSV    table.CSVFormat
}

func (o *outputOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.Path, "out", "o", "", "write to `FILE` (.csv, .xlsx or .json) instead of stdout")
	enumVarP(cmd, cmd.Flags(), &o.Format, "format", "", "", stdoutFormats, "stdout format, by default table on a terminal, else csv")
	cmd.Flags().BoolVar(&o.Update, "update", false, "with -o FILE.xlsx: replace only wfm's sheets of an existing workbook")
	cmd.Flags().BoolVar(&o.Force, "force", false, "with -o FILE.xlsx: replace an existing workbook even if it holds sheets wfm did not write")
	enumVarP(cmd, cmd.Flags(), &o.CSV.Encoding, "out-encoding", "", "utf-8", table.OutEncodings, "encoding of CSV output (gbk: for Chinese Excel)")
	cmd.Flags().BoolVar(&o.CSV.BOM, "bom", false, "start UTF-8 CSV output with a byte-order mark, so that Excel reads it as UTF-8")
}

// check validates the flags before any work is done, and refuses at once a
// workbook the write would replace with the planner's sheets in it.
func (o *outputOptions) check() error {
	if o.Update && o.Force {
		return usagef("--update and --force exclude each other: --update keeps the workbook's other sheets, --force replaces the file")
	}
	if err := o.CSV.Check(); err != nil {
		return usagef("--bom with --out-encoding: %v", err)
	}
	csvOnly := o.CSV.BOM || o.CSV.Encoding != "utf-8"
	if ext := strings.ToLower(filepath.Ext(o.Path)); csvOnly && (ext != "" && ext != ".csv" || o.Format != "" && o.Format != "csv") {
		return usagef("--bom and --out-encoding work on CSV output only")
	}
	flag := map[bool]string{true: "--update", false: "--force"}[o.Update]
	if o.Path == "" {
		if o.Update || o.Force {
			return usagef("%s needs -o FILE.xlsx", flag)
		}
		return nil
	}
	switch ext := strings.ToLower(filepath.Ext(o.Path)); ext {
	case ".csv", ".json":
		if o.Update || o.Force {
			return usagef("%s works on .xlsx workbooks, not %s", flag, ext)
		}
	case ".xlsx":
		if o.mode() == sheet.Create {
			return hintForeign(sheet.CheckReplace(o.Path))
		}
	default:
		return usagef("-o %s: want a .csv, .xlsx or .json file", o.Path)
	}
	return nil
}

func (o *outputOptions) mode() sheet.Mode {
	switch {
	case o.Update:
		return sheet.Update
	case o.Force:
		return sheet.Force
	}
	return sheet.Create
}

// hintForeign tells how to go on when a workbook is not wfm's to replace.
func hintForeign(err error) error {
	if errors.Is(err, sheet.ErrForeign) {
		return fmt.Errorf("%w; --update writes wfm's sheets into it and keeps the others, --force replaces the file", err)
	}
	return err
}

// write writes the result: t to a CSV or JSON file or stdout, or the
// workbook built by sheets (by default t as one sheet) to an XLSX file.
func (o *outputOptions) write(s *streams, t *table.Table, sheets func(*excelize.File) error) error {
	return o.writeWith(s, t, sheets, nil)
}

// writeWith writes the result as write does, together with the files
// also adds to the batch: all of them or, when one fails, none. Stdout is
// written last, once the files are in place.
func (o *outputOptions) writeWith(s *streams, t *table.Table, sheets func(*excelize.File) error, also func(*outfile.Batch) error) error {
	var b outfile.Batch
	defer b.Discard()
	if also != nil {
		if err := also(&b); err != nil {
			return err
		}
	}
	if strings.EqualFold(filepath.Ext(o.Path), ".csv") {
		if err := b.Add(o.Path, o.CSV.Writer(t, o.Path)); err != nil {
			return err
		}
	} else if o.Path != "" {
		if err := sheet.Save(&b, o.Path, o.mode(), t, sheets); err != nil {
			return hintForeign(err)
		}
	}
	if err := b.Commit(); err != nil {
		return err
	}
	if o.Path == "" {
		return writeStdout(s, o.Format, o.CSV, t)
	}
	return nil
}

func writeStdout(s *streams, format string, csv table.CSVFormat, t *table.Table) error {
	if format == "" {
		format = "csv"
		if s.Terminal {
			format = "table"
		}
	}
	write := map[string]func(io.Writer) error{"table": func(w io.Writer) error { return term.Write(w, t) }, "csv": csv.Writer(t, "stdout"), "json": t.WriteJSON}[format]
	return write(s.Out)
}
