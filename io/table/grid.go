package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Grid is an input table as read from a file: a header and rows of trimmed
// text cells, each row remembering where it stood in the file.
type Grid struct {
	File   string // the name errors mention
	Header []string
	Rows   [][]string
	Lines  []int // Lines[i] is the file row (CSV line, sheet row, YAML line) of Rows[i]
	// Date1904 is set for workbooks in Excel's 1904 date system, whose date
	// serials Time and Stamp read accordingly.
	Date1904 bool
	// layout is the Go layout of ReadOptions.DateFormat, and format the
	// format as the user wrote it, for errors.
	layout, format string
	headerRow      int
	cells          int
}

// Limits on what one input file may hold. Bigger inputs are refused with an
// Error before they exhaust memory: no contact-centre table comes near them.
const (
	// MaxFileSize is the largest input file read, in bytes.
	MaxFileSize = 256 << 20
	// MaxUnzippedSize bounds an XLSX workbook's uncompressed content, in
	// bytes: a small file can inflate a thousandfold.
	MaxUnzippedSize = 1 << 30
	// MaxCells bounds the cells of one grid.
	MaxCells = 20_000_000
)

// The limits in force: the constants, lowered only by tests, which need not
// read 256 MiB to see the check work.
var (
	fileLimit = MaxFileSize
	cellLimit = MaxCells
)

// unzippedInMemory is the size beyond which excelize keeps a worksheet's
// XML in a temporary file rather than in memory.
const unzippedInMemory = 64 << 20

// ReadOptions say how to decode an input file.
type ReadOptions struct {
	// Encoding of CSV files: "" (detect: UTF-8 with or without BOM, else
	// GB18030, a superset of the GBK that Chinese Excel writes), "utf-8",
	// "gbk" or "gb18030".
	Encoding string
	// Sheet of an XLSX workbook; "" means the first sheet.
	Sheet string
	// HeaderRow is the row (1-based, as the spreadsheet numbers it) from
	// which on the first non-blank row is the header: the rows above, such
	// as a report's title, are skipped. 0 is the first row.
	HeaderRow int
	// DateFormat is how date-times are written, in strftime directives
	// (%m/%d/%Y %I:%M %p; see ParseDateFormat), tried before the formats
	// read by default; "" reads the defaults only.
	DateFormat string
}

// ReadFile reads the table in path; the format comes from the extension:
// .csv (also .txt), .xlsx, or .yaml/.yml (a list of mappings).
func ReadFile(path string, opt ReadOptions) (*Grid, error) {
	return ReadFS(nil, path, path, opt)
}

// ReadFS reads the table at path in fsys, or in the operating system's
// files when fsys is nil, as ReadFile does; name is the file errors
// mention.
func ReadFS(fsys fs.FS, path, name string, opt ReadOptions) (*Grid, error) {
	var f fs.File
	var err error
	if fsys == nil {
		f, err = os.Open(path)
	} else {
		f, err = fsys.Open(path)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: name, Err: fmt.Errorf("cannot open: %w", err)}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, Errorf(name, 0, "", "is a directory, want a .csv, .xlsx or .yaml file")
	} else if err == nil && fi.Size() > int64(fileLimit) {
		return nil, tooBig(name)
	}
	return Read(f, name, opt)
}

func tooBig(name string) *Error {
	return Errorf(name, 0, "", "larger than %d MiB, the most an input file may be", fileLimit>>20)
}

// Read reads a table from r; name gives the format by its extension and is
// the file name errors mention. It reads at most MaxFileSize bytes.
func Read(r io.Reader, name string, opt ReadOptions) (*Grid, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if !slices.Contains([]string{".csv", ".txt", ".xlsx", ".xlsm", ".yaml", ".yml"}, ext) {
		return nil, Errorf(name, 0, "", "unknown file type %q, want .csv, .xlsx or .yaml", ext)
	}
	if opt.HeaderRow < 0 {
		return nil, Errorf(name, 0, "", "header row %d: want a row number from 1", opt.HeaderRow)
	}
	layout, err := ParseDateFormat(opt.DateFormat)
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(fileLimit)+1))
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	if len(data) > fileLimit {
		return nil, tooBig(name)
	}
	g := &Grid{File: name, headerRow: opt.HeaderRow}
	switch ext {
	case ".csv", ".txt":
		err = readCSV(g, data, opt.Encoding)
	case ".xlsx", ".xlsm":
		err = readXLSX(g, data, opt.Sheet)
	default:
		g, err = readYAML(data, name)
	}
	if err != nil {
		return nil, err
	}
	g.layout, g.format = layout, opt.DateFormat
	if len(g.Header) == 0 {
		if opt.HeaderRow > 1 {
			return nil, Errorf(name, 0, "", "nothing from row %d on, want a header row and data rows", opt.HeaderRow)
		}
		return nil, Errorf(name, 0, "", "the file is empty, want a header row and data rows")
	}
	return g, nil
}

func decode(data []byte, name, encoding string) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch strings.ToLower(encoding) {
	case "", "auto":
		if utf8.Valid(data) {
			return data, nil
		}
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			return nil, Errorf(name, 0, "", "not valid UTF-8 (try --encoding gbk)")
		}
		return data, nil
	case "gbk", "gb18030", "gb2312":
	default:
		return nil, Errorf(name, 0, "", "unknown encoding %q, want utf-8 or gbk", encoding)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, Errorf(name, 0, "", "neither UTF-8 nor GBK text: %v", err)
	}
	return out, nil
}

// readCSV reads the records of data into g.
func readCSV(g *Grid, data []byte, encoding string) error {
	name := g.File
	data, err := decode(data, name, encoding)
	if err != nil {
		return err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &Error{File: name, Row: pe.Line, Err: pe.Err}
			}
			return &Error{File: name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if err := g.add(rec, line); err != nil {
			return err
		}
	}
	return nil
}

// readXLSX reads the rows of the workbook's sheet into g.
func readXLSX(g *Grid, data []byte, sheet string) error {
	name := g.File
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnzippedSize, UnzipXMLSizeLimit: unzippedInMemory})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return Errorf(name, 0, "", "the workbook unpacks to more than %d MiB, the most an input may be", MaxUnzippedSize>>20)
		}
		return Errorf(name, 0, "", "not a readable XLSX workbook (%v)", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			return Errorf(name, 0, "", "the workbook has no sheets")
		}
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return Errorf(name, 0, "", "no sheet %q; the workbook has %s", sheet, strings.Join(sheets, ", "))
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		g.Date1904 = *props.Date1904
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return Errorf(name, 0, "", "sheet %q cannot be read: %v", sheet, err)
	}
	defer rows.Close()
	for line := 1; rows.Next(); line++ {
		// Raw values: dates arrive as Excel serial numbers, whatever their display format.
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Errorf(name, line, "", "sheet %q cannot be read: %v", sheet, err)
		}
		if err := g.add(rec, line); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return Errorf(name, 0, "", "sheet %q cannot be read: %v", sheet, err)
	}
	return nil
}

// add appends a record, taking the first non-blank one as the header.
// Control characters are dropped from cells: in names and ids they only
// hide text or break the terminal that prints them.
func (g *Grid) add(rec []string, line int) error {
	blank := true
	for i := range rec {
		rec[i] = strings.TrimSpace(stripControl(rec[i]))
		if rec[i] != "" {
			blank = false
		}
	}
	if blank || line < g.headerRow {
		return nil
	}
	if g.cells += len(rec); g.cells > cellLimit {
		return Errorf(g.File, line, "", "more than %d cells, the most an input table may have", cellLimit)
	}
	if g.Header == nil {
		seen := map[string]int{}
		for i, h := range rec {
			key := strings.ToLower(h)
			if h == "" {
				continue
			}
			if j, dup := seen[key]; dup {
				return Errorf(g.File, line, h, "column name appears twice (columns %d and %d)", j+1, i+1)
			}
			seen[key] = i
		}
		g.Header = rec
		return nil
	}
	g.Rows = append(g.Rows, rec)
	g.Lines = append(g.Lines, line)
	return nil
}

func stripControl(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// Column returns the index of the first column whose name matches one of
// names, ignoring case and surrounding space, or -1.
func (g *Grid) Column(names ...string) int {
	for _, n := range names {
		for i, h := range g.Header {
			if strings.EqualFold(h, strings.TrimSpace(n)) {
				return i
			}
		}
	}
	return -1
}

// Cell returns row r's value in column c ("" when the row is short or c < 0).
func (g *Grid) Cell(r, c int) string {
	if c < 0 || c >= len(g.Rows[r]) {
		return ""
	}
	return g.Rows[r][c]
}

// Errorf returns an Error about row r (an index into Rows) and column c.
func (g *Grid) Errorf(r, c int, format string, args ...any) *Error {
	col := ""
	if c >= 0 && c < len(g.Header) {
		col = g.Header[c]
	}
	return Errorf(g.File, g.Lines[r], col, format, args...)
}
