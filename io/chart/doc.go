// Package chart draws the plan as PNG pictures for readers who will not open
// a workbook: forecast against history per series, and staff scheduled
// against staff required.
package chart
