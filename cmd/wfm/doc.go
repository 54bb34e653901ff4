// Command wfm plans a contact centre's week: it forecasts contacts, turns
// the forecast into staffing requirements and builds shift rosters.
package main
