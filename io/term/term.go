package term

import (
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/wfm-dev/wfm/io/table"
)

// Write writes t aligned for a terminal: a header, then the rows with
// numbers rounded as t.Decimals says, right-aligned.
func Write(w io.Writer, t *table.Table) error {
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignment(tw.AlignRight),
	)
	tbl.Header(t.Columns)
	for r, row := range t.Rows {
		rec := make([]string, len(row))
		for c := range row {
			rec[c] = t.Text(r, c)
		}
		if err := tbl.Append(rec); err != nil {
			return err
		}
	}
	return tbl.Render()
}
