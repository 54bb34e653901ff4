// Package table reads tabular files - CSV, XLSX and YAML - into grids of text
// cells with located errors, parses cells, and writes output tables as CSV or JSON.
package table
