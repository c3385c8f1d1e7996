<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>RexOrm::Admin::ChangeApplier</name>
    <message>
        <source>%1 is not an entity of this database.</source>
        <translation>%1 ist keine Entität dieser Datenbank.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ChangeFeedPanel</name>
    <message>
        <source>Install change triggers…</source>
        <translation>Änderungs-Trigger installieren…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Adds triggers to every table so that changes made by other programs (psql, the CLI, other servers) show here too.</source>
        <translation>Fügt jeder Tabelle Trigger hinzu, damit Änderungen anderer Programme (psql, die CLI, andere Server) ebenfalls hier erscheinen.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Some changes may have been missed: %1</source>
        <translation>Einige Änderungen wurden möglicherweise verpasst: %1</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Listening for other clients' changes failed: %1</source>
        <translation>Das Überwachen der Änderungen anderer Clients ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Showing the changes this window makes. Changes by other programs show too once change triggers are installed.</source>
        <translation>Angezeigt werden die Änderungen aus diesem Fenster. Änderungen anderer Programme erscheinen ebenfalls, sobald Änderungs-Trigger installiert sind.</translation>
    </message>
    <message numerus="yes">
        <source>Showing every client's changes to %n table(s) (change triggers installed), and this window's own.</source>
        <translation><numerusform>Angezeigt werden die Änderungen aller Clients an %n Tabelle (Änderungs-Trigger installiert) sowie die dieses Fensters.</numerusform><numerusform>Angezeigt werden die Änderungen aller Clients an %n Tabellen (Änderungs-Trigger installiert) sowie die dieses Fensters.</numerusform></translation>
    </message>
    <message>
        <source>Install change triggers</source>
        <translation>Änderungs-Trigger installieren</translation>
    </message>
    <message>
        <source>This adds a trigger to every table of %1 (and, on SQLite and MySQL, a change-log table). `rexorm realtime:uninstall` removes them. Go on?</source>
        <translation>Dadurch erhält jede Tabelle von %1 einen Trigger (und unter SQLite und MySQL wird eine Änderungsprotokoll-Tabelle angelegt). `rexorm realtime:uninstall` entfernt sie wieder. Fortfahren?</translation>
    </message>
    <message>
        <source>Installing change triggers…</source>
        <translation>Änderungs-Trigger werden installiert…</translation>
    </message>
    <message>
        <source>Installing change triggers failed: %1</source>
        <translation>Installation der Änderungs-Trigger fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ChangeLogModel</name>
    <message>
        <source>insert</source>
        <translation>eingefügt</translation>
    </message>
    <message>
        <source>update</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>(any table)</source>
        <translation>(beliebige Tabelle)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation><numerusform>%n Zeile</numerusform><numerusform>%n Zeilen</numerusform></translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entität</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ColumnFilter</name>
    <message>
        <source>A filter is a list of conditions such as gt: 5.</source>
        <translation>Ein Filter ist eine Liste von Bedingungen wie gt: 5.</translation>
    </message>
    <message>
        <source>%1 is not a number.</source>
        <translation>%1 ist keine Zahl.</translation>
    </message>
    <message>
        <source>Expected true or false.</source>
        <translation>Erwartet wird true oder false.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::CommandLine</name>
    <message>
        <source>Browse, edit, migrate and watch a database: SQLite, PostgreSQL or MySQL/MariaDB.</source>
        <translation>Eine Datenbank durchsuchen, bearbeiten, migrieren und beobachten: SQLite, PostgreSQL oder MySQL/MariaDB.</translation>
    </message>
    <message>
        <source>The database to open: a URL (sqlite:///path, postgres://user@host/db, mysql://...) or a SQLite file.</source>
        <translation>Die zu öffnende Datenbank: eine URL (sqlite:///pfad, postgres://benutzer@host/db, mysql://...) oder eine SQLite-Datei.</translation>
    </message>
    <message>
        <source>Describe the tables with the models of this RexOrm ModelProvider plugin instead of inspecting the database.</source>
        <translation>Die Tabellen mit den Modellen dieses RexOrm-ModelProvider-Plugins beschreiben, statt die Datenbank zu untersuchen.</translation>
    </message>
    <message>
        <source>The language of the window: en, de or fr (default: the system's).</source>
        <translation>Die Sprache des Fensters: en, de oder fr (Standard: die des Systems).</translation>
    </message>
    <message>
        <source>The folder of migrations the Migrations panel shows (default: ./migrations).</source>
        <translation>Der Migrationsordner, den der Bereich „Migrationen“ anzeigt (Standard: ./migrations).</translation>
    </message>
    <message>
        <source>Save screenshots of the main views into this folder, then quit (for docs/admin.md; works with QT_QPA_PLATFORM=offscreen).</source>
        <translation>Bildschirmfotos der Hauptansichten in diesem Ordner speichern und danach beenden (für docs/admin.md; funktioniert mit QT_QPA_PLATFORM=offscreen).</translation>
    </message>
    <message>
        <source>Same as --database.</source>
        <translation>Wie --database.</translation>
    </message>
    <message>
        <source>Give one database, not %1.</source>
        <translation>Geben Sie eine einzige Datenbank an, nicht %1.</translation>
    </message>
    <message>
        <source>--screenshots needs a database.</source>
        <translation>--screenshots benötigt eine Datenbank.</translation>
    </message>
    <message>
        <source>--lang: %1 is not a language (try de, fr or en).</source>
        <translation>--lang: %1 ist keine Sprache (versuchen Sie de, fr oder en).</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ConnectDialog</name>
    <message>
        <source>Remember the password (stored as plain text)</source>
        <translation>Passwort speichern (im Klartext)</translation>
    </message>
    <message>
        <source>Open a database</source>
        <translation>Datenbank öffnen</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>SQLite-Datei</translation>
    </message>
    <message>
        <source>PostgreSQL or MySQL server</source>
        <translation>PostgreSQL- oder MySQL-Server</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>/path/to/database.sqlite</source>
        <translation>/pfad/zur/datenbank.sqlite</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>SQLite-Datenbank</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.sqlite *.sqlite3 *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>MySQL</source>
        <translation>MySQL</translation>
    </message>
    <message>
        <source>MariaDB</source>
        <translation>MariaDB</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Servertyp:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>Verbinden mit:</translation>
    </message>
    <message>
        <source>Recent connections:</source>
        <translation>Letzte Verbindungen:</translation>
    </message>
    <message>
        <source>Say which database to open.</source>
        <translation>Geben Sie an, welche Datenbank geöffnet werden soll.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::EntitiesModel</name>
    <message>
        <source>%1  (~%2)</source>
        <translation>%1  (~%2)</translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation>%1  (%2)</translation>
    </message>
    <message numerus="yes">
        <source>About %n row(s), as the database estimates</source>
        <translation><numerusform>Etwa %n Zeile (Schätzung der Datenbank)</numerusform><numerusform>Etwa %n Zeilen (Schätzung der Datenbank)</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ErDiagram</name>
    <message>
        <source>PK</source>
        <comment>primary key column</comment>
        <translation>PK</translation>
    </message>
    <message>
        <source>FK</source>
        <comment>foreign key column</comment>
        <translation>FK</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>CSV (comma-separated values)</source>
        <translation>CSV (kommagetrennte Werte)</translation>
    </message>
    <message>
        <source>JSON (an array of objects)</source>
        <translation>JSON (ein Array von Objekten)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Counting rows…</source>
        <translation>Zeilen werden gezählt…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>%L1 of %L2 rows written…</source>
        <translation>%L1 von %L2 Zeilen geschrieben…</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ExportJob</name>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>The database has no entity named %1.</source>
        <translation>Die Datenbank enthält keine Entität namens %1.</translation>
    </message>
    <message>
        <source>%1 has no field %2.</source>
        <translation>%1 hat kein Feld %2.</translation>
    </message>
    <message>
        <source>%1 has no fields to export.</source>
        <translation>%1 hat keine Felder zum Exportieren.</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Wählen Sie eine Zieldatei für den Export.</translation>
    </message>
    <message>
        <source>Cannot write %1: the folder %2 does not exist.</source>
        <translation>%1 kann nicht geschrieben werden: Der Ordner %2 existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a folder.</source>
        <translation>%1 kann nicht geschrieben werden: Es ist ein Ordner.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>The database was closed during the export.</source>
        <translation>Die Datenbank wurde während des Exports geschlossen.</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <translation>Der Export wurde abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation><numerusform>%n Zeile nach %1 exportiert.</numerusform><numerusform>%n Zeilen nach %1 exportiert.</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::FilterHeader</name>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Text matches anywhere (ignoring case); a number or date matches exactly; or a GraphQL filter such as  gt: 100  or  ilike: "a%"  or  isNull: true</source>
        <translation>Text passt an beliebiger Stelle (ohne Beachtung der Groß-/Kleinschreibung); eine Zahl oder ein Datum muss genau passen; oder ein GraphQL-Filter wie  gt: 100  oder  ilike: "a%"  oder  isNull: true</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::GraphQLConsole</name>
    <message>
        <source>A GraphQL query; Ctrl+Enter runs it.</source>
        <translation>Eine GraphQL-Abfrage; Strg+Eingabe führt sie aus.</translation>
    </message>
    <message>
        <source>Variables as a JSON object, e.g. {"limit": 10}</source>
        <translation>Variablen als JSON-Objekt, z. B. {"limit": 10}</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>Send the query (Ctrl+Enter)</source>
        <translation>Abfrage senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Show &amp;Schema</source>
        <translation>&amp;Schema anzeigen</translation>
    </message>
    <message>
        <source>Show the schema of the generated API in SDL</source>
        <translation>Schema der generierten API in SDL anzeigen</translation>
    </message>
    <message>
        <source>Variables (JSON):</source>
        <translation>Variablen (JSON):</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Verbunden mit %1.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>The variables are not valid JSON: %1 (at character %2).</source>
        <translation>Die Variablen sind kein gültiges JSON: %1 (bei Zeichen %2).</translation>
    </message>
    <message>
        <source>The variables must be a JSON object, such as {"id": 1}.</source>
        <translation>Die Variablen müssen ein JSON-Objekt sein, etwa {"id": 1}.</translation>
    </message>
    <message>
        <source>Type a query first.</source>
        <translation>Geben Sie zuerst eine Abfrage ein.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
    <message>
        <source>Done in %1 ms.</source>
        <translation>Fertig in %1 ms.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): %1</source>
        <translation><numerusform>%n Fehler: %1</numerusform><numerusform>%n Fehler: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::MainWindow</name>
    <message>
        <source>RexOrm Admin</source>
        <translation>RexOrm Admin</translation>
    </message>
    <message>
        <source>Find an entity (Ctrl+K)</source>
        <translation>Entität suchen (Strg+K)</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>Entitäten</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Could not open the database: %1</source>
        <translation>Die Datenbank konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entität</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Migrationen</translation>
    </message>
    <message>
        <source>SQL</source>
        <translation>SQL</translation>
    </message>
    <message>
        <source>GraphQL</source>
        <translation>GraphQL</translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation>&amp;Datenbank</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;Export view…</source>
        <translation>Ansicht &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Apply changes</source>
        <translation>Änderungen &amp;übernehmen</translation>
    </message>
    <message>
        <source>Re&amp;vert changes</source>
        <translation>Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <source>&amp;Insert row</source>
        <translation>Zeile &amp;einfügen</translation>
    </message>
    <message>
        <source>D&amp;uplicate row</source>
        <translation>Zeile &amp;duplizieren</translation>
    </message>
    <message>
        <source>&amp;Delete rows</source>
        <translation>Zeilen &amp;löschen</translation>
    </message>
    <message>
        <source>Set to &amp;NULL</source>
        <translation>Auf &amp;NULL setzen</translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation>&amp;Filter zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Find entity</source>
        <translation>Entität &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 — RexOrm Admin</source>
        <translation>%1 — RexOrm Admin</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written.</source>
        <translation><numerusform>%n Zeile geschrieben.</numerusform><numerusform>%n Zeilen geschrieben.</numerusform></translation>
    </message>
    <message>
        <source>Rows changed elsewhere</source>
        <translation>Zeilen wurden anderweitig geändert</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) you edited were changed by someone else since you read them. Nothing was written.</source>
        <translation><numerusform>%n von Ihnen bearbeitete Zeile wurde seit dem Lesen von jemand anderem geändert. Es wurde nichts geschrieben.</numerusform><numerusform>%n von Ihnen bearbeitete Zeilen wurden seit dem Lesen von jemand anderem geändert. Es wurde nichts geschrieben.</numerusform></translation>
    </message>
    <message>
        <source>Overwrite their changes with yours, or keep theirs and drop your edits of those rows?</source>
        <translation>Die fremden Änderungen mit Ihren überschreiben, oder die fremden Änderungen behalten und Ihre Bearbeitungen dieser Zeilen verwerfen?</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Fremde Änderungen behalten</translation>
    </message>
    <message>
        <source>Not applied: rows were changed elsewhere.</source>
        <translation>Nicht übernommen: Zeilen wurden anderweitig geändert.</translation>
    </message>
    <message>
        <source>Not applied: some values are not valid.</source>
        <translation>Nicht übernommen: Einige Werte sind ungültig.</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Wird geöffnet…</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Keine Datenbank geöffnet</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation><numerusform>%1: %n Zeile</numerusform><numerusform>%1: %n Zeilen</numerusform></translation>
    </message>
    <message>
        <source>%1: counting…</source>
        <translation>%1: wird gezählt…</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>wird geladen</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with pending changes</source>
        <translation><numerusform>%n Zeile mit ausstehenden Änderungen</numerusform><numerusform>%n Zeilen mit ausstehenden Änderungen</numerusform></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Ausstehende Änderungen</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 have changes that are not applied. Discard them?</source>
        <translation><numerusform>%n Zeile von %1 hat nicht übernommene Änderungen. Verwerfen?</numerusform><numerusform>%n Zeilen von %1 haben nicht übernommene Änderungen. Verwerfen?</numerusform></translation>
    </message>
    <message>
        <source>Reload &amp;schema</source>
        <translation>&amp;Schema neu laden</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::MigrationStatusModel</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlend</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>teilweise</translation>
    </message>
    <message>
        <source>Its file changed after it was applied: %1</source>
        <translation>Die Datei wurde nach dem Anwenden geändert: %1</translation>
    </message>
    <message>
        <source>Applied, but its file is gone.</source>
        <translation>Angewendet, aber die Datei fehlt.</translation>
    </message>
    <message numerus="yes">
        <source>Half-applied: %n statement(s) ran, then: %1</source>
        <translation><numerusform>Teilweise angewendet: %n Anweisung wurde ausgeführt, dann: %1</numerusform><numerusform>Teilweise angewendet: %n Anweisungen wurden ausgeführt, dann: %1</numerusform></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>Migration</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation>Angewendet am</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::MigrationsPanel</name>
    <message>
        <source>The live schema matches the models: there is nothing to write.</source>
        <translation>Das aktuelle Schema entspricht den Modellen: Es gibt nichts zu schreiben.</translation>
    </message>
    <message>
        <source>Cannot create the migrations folder %1.</source>
        <translation>Der Migrationsordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>Apply pending</source>
        <translation>Ausstehende anwenden</translation>
    </message>
    <message>
        <source>Apply every pending migration, as one batch.</source>
        <translation>Alle ausstehenden Migrationen als einen Stapel anwenden.</translation>
    </message>
    <message>
        <source>Roll back last</source>
        <translation>Letzte zurückrollen</translation>
    </message>
    <message>
        <source>Roll back the last applied migration.</source>
        <translation>Die zuletzt angewendete Migration zurückrollen.</translation>
    </message>
    <message>
        <source>Redo last</source>
        <translation>Letzte wiederholen</translation>
    </message>
    <message>
        <source>Roll back the last applied migration and apply it again.</source>
        <translation>Die zuletzt angewendete Migration zurückrollen und erneut anwenden.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the folder and the database again.</source>
        <translation>Ordner und Datenbank erneut einlesen.</translation>
    </message>
    <message>
        <source>Mark applied</source>
        <translation>Als angewendet markieren</translation>
    </message>
    <message>
        <source>The selected half-applied migration was finished by hand: record it as applied.</source>
        <translation>Die ausgewählte, teilweise angewendete Migration wurde von Hand abgeschlossen: als angewendet vermerken.</translation>
    </message>
    <message>
        <source>Mark rolled back</source>
        <translation>Als zurückgerollt markieren</translation>
    </message>
    <message>
        <source>The statements of the selected half-applied migration were undone by hand: forget it, so it is pending again.</source>
        <translation>Die Anweisungen der ausgewählten, teilweise angewendeten Migration wurden von Hand rückgängig gemacht: Eintrag entfernen, damit sie wieder aussteht.</translation>
    </message>
    <message>
        <source>Allow changed migrations</source>
        <translation>Geänderte Migrationen zulassen</translation>
    </message>
    <message>
        <source>Run even though an applied migration's file changed.</source>
        <translation>Auch ausführen, wenn sich die Datei einer angewendeten Migration geändert hat.</translation>
    </message>
    <message>
        <source>Migration name, e.g. add_email_to_users</source>
        <translation>Name der Migration, z. B. add_email_to_users</translation>
    </message>
    <message>
        <source>Write migration</source>
        <translation>Migration schreiben</translation>
    </message>
    <message>
        <source>Write the previewed migration into the migrations folder as &lt;timestamp&gt;_&lt;name&gt;.up.sql and .down.sql.</source>
        <translation>Die Migration aus der Vorschau als &lt;Zeitstempel&gt;_&lt;Name&gt;.up.sql und .down.sql in den Migrationsordner schreiben.</translation>
    </message>
    <message>
        <source>Compare again</source>
        <translation>Erneut vergleichen</translation>
    </message>
    <message>
        <source>Compare the models with the live schema again.</source>
        <translation>Die Modelle erneut mit dem aktuellen Schema vergleichen.</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Migrationen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>What the actions did appears here.</source>
        <translation>Hier erscheint, was die Aktionen bewirkt haben.</translation>
    </message>
    <message>
        <source>No migrations folder chosen.</source>
        <translation>Kein Migrationsordner ausgewählt.</translation>
    </message>
    <message>
        <source>Migrations folder: %1</source>
        <translation>Migrationsordner: %1</translation>
    </message>
    <message>
        <source>Migrations folder</source>
        <translation>Migrationsordner</translation>
    </message>
    <message>
        <source>Reading the migrations…</source>
        <translation>Migrationen werden gelesen…</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>%1: started</source>
        <translation>%1: gestartet</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>%1 von %2: %3</translation>
    </message>
    <message>
        <source>Applying %1 (%2 of %3)…</source>
        <translation>%1 wird angewendet (%2 von %3)…</translation>
    </message>
    <message>
        <source>Rolling back %1 (%2 of %3)…</source>
        <translation>%1 wird zurückgerollt (%2 von %3)…</translation>
    </message>
    <message>
        <source>Applied %1 in %2 ms</source>
        <translation>%1 in %2 ms angewendet</translation>
    </message>
    <message>
        <source>Rolled back %1 in %2 ms</source>
        <translation>%1 in %2 ms zurückgerollt</translation>
    </message>
    <message numerus="yes">
        <source>%n applied</source>
        <translation><numerusform>%n angewendet</numerusform><numerusform>%n angewendet</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation><numerusform>%n ausstehend</numerusform><numerusform>%n ausstehend</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s): %1.</source>
        <translation><numerusform>%n Migration: %1.</numerusform><numerusform>%n Migrationen: %1.</numerusform></translation>
    </message>
    <message>
        <source>There is no folder %1.</source>
        <translation>Es gibt keinen Ordner %1.</translation>
    </message>
    <message>
        <source>Cannot read the migrations: %1</source>
        <translation>Die Migrationen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>This database does not roll back schema changes: the statements that ran stay applied and the migration is marked partial. Finish or undo them by hand, then select it and click Mark applied or Mark rolled back.</source>
        <translation>Diese Datenbank kann Schemaänderungen nicht zurückrollen: Die bereits ausgeführten Anweisungen bleiben wirksam, und die Migration wird als teilweise angewendet markiert. Schließen Sie sie von Hand ab oder machen Sie sie rückgängig, wählen Sie sie dann aus und klicken Sie auf „Als angewendet markieren“ oder „Als zurückgerollt markieren“.</translation>
    </message>
    <message>
        <source>It ran in a transaction: nothing of it was kept.</source>
        <translation>Sie lief in einer Transaktion: Nichts davon wurde beibehalten.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Nothing to apply.</source>
        <translation>Nichts anzuwenden.</translation>
    </message>
    <message>
        <source>Nothing to roll back.</source>
        <translation>Nichts zurückzurollen.</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n migration(s)</source>
        <translation><numerusform>Fertig: %n Migration</numerusform><numerusform>Fertig: %n Migrationen</numerusform></translation>
    </message>
    <message>
        <source>Recorded %1 as applied.</source>
        <translation>%1 als angewendet vermerkt.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Recorded %1 as rolled back: it is pending again.</source>
        <translation>%1 als zurückgerollt vermerkt: Sie steht wieder aus.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>%1: finished</source>
        <translation>%1: abgeschlossen</translation>
    </message>
    <message>
        <source>This database was opened without models: its entities were read from the live schema, so there are no models to compare it with. Open it with a models plugin to preview the migration its models need.</source>
        <translation>Diese Datenbank wurde ohne Modelle geöffnet: Ihre Entitäten wurden aus dem aktuellen Schema gelesen, daher gibt es keine Modelle zum Vergleichen. Öffnen Sie sie mit einem Modell-Plugin, um die Migration, die ihre Modelle benötigen, in der Vorschau zu sehen.</translation>
    </message>
    <message>
        <source>Cannot compare the models with the database: %1</source>
        <translation>Die Modelle können nicht mit der Datenbank verglichen werden: %1</translation>
    </message>
    <message>
        <source>The live schema matches the models: there is no migration to generate.</source>
        <translation>Das aktuelle Schema entspricht den Modellen: Es muss keine Migration erzeugt werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) would bring the live schema to the models' schema. Review the SQL, then write it into the migrations folder as a migration.</source>
        <translation><numerusform>%n Änderung würde das aktuelle Schema an das Schema der Modelle angleichen. Prüfen Sie das SQL und schreiben Sie es dann als Migration in den Migrationsordner.</numerusform><numerusform>%n Änderungen würden das aktuelle Schema an das Schema der Modelle angleichen. Prüfen Sie das SQL und schreiben Sie es dann als Migration in den Migrationsordner.</numerusform></translation>
    </message>
    <message>
        <source>-- WARNING: %1</source>
        <translation>-- WARNUNG: %1</translation>
    </message>
    <message>
        <source>-- Changes:</source>
        <translation>-- Änderungen:</translation>
    </message>
    <message>
        <source>-- up (%1)</source>
        <translation>-- Up-Migration (%1)</translation>
    </message>
    <message>
        <source>-- down (%1)</source>
        <translation>-- Down-Migration (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation><numerusform>%n geändert</numerusform><numerusform>%n geändert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n missing</source>
        <translation><numerusform>%n fehlend</numerusform><numerusform>%n fehlend</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n partly applied</source>
        <translation><numerusform>%n teilweise angewendet</numerusform><numerusform>%n teilweise angewendet</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::RecordForm</name>
    <message>
        <source>Choose the referenced row</source>
        <translation>Referenzierte Zeile auswählen</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ReferencePicker</name>
    <message>
        <source>Choose a %1</source>
        <translation>Zeile aus %1 auswählen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::RowsModel</name>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>This row was changed elsewhere after you edited it.</source>
        <translation>Diese Zeile wurde anderweitig geändert, nachdem Sie sie bearbeitet haben.</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Filter: %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Bearbeitung von %1</translation>
    </message>
    <message>
        <source>Insert row</source>
        <translation>Einfügen einer Zeile</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n row(s)</source>
        <translation><numerusform>Löschen von %n Zeile</numerusform><numerusform>Löschen von %n Zeilen</numerusform></translation>
    </message>
    <message>
        <source>Some values are not valid; they are marked in red.</source>
        <translation>Einige Werte sind ungültig; sie sind rot markiert.</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Typ: %1</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Primärschlüssel</translation>
    </message>
    <message>
        <source>Not null</source>
        <translation>Nicht NULL</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::RowsView</name>
    <message>
        <source>Delete rows</source>
        <translation>Zeilen löschen</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n row(s) for deletion? Nothing is deleted until you apply.</source>
        <translation><numerusform>%n Zeile zum Löschen markieren? Gelöscht wird erst, wenn Sie die Änderungen übernehmen.</numerusform><numerusform>%n Zeilen zum Löschen markieren? Gelöscht wird erst, wenn Sie die Änderungen übernehmen.</numerusform></translation>
    </message>
    <message>
        <source>Insert row</source>
        <translation>Zeile einfügen</translation>
    </message>
    <message>
        <source>Duplicate row</source>
        <translation>Zeile duplizieren</translation>
    </message>
    <message>
        <source>Set to NULL</source>
        <translation>Auf NULL setzen</translation>
    </message>
    <message>
        <source>Open referenced row</source>
        <translation>Referenzierte Zeile öffnen</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Wert kopieren</translation>
    </message>
    <message numerus="yes">
        <source>%n selected row(s) have not been read yet and are left as they are; filter the rows to delete many at once.</source>
        <translation><numerusform>%n ausgewählte Zeile wurde noch nicht gelesen und bleibt unverändert; filtern Sie die Zeilen, um viele auf einmal zu löschen.</numerusform><numerusform>%n ausgewählte Zeilen wurden noch nicht gelesen und bleiben unverändert; filtern Sie die Zeilen, um viele auf einmal zu löschen.</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SchemaView</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Nullable</source>
        <translation>NULL erlaubt</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Primärschlüssel</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>Eindeutig</translation>
    </message>
    <message>
        <source>Auto-increment</source>
        <translation>Autoinkrement</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Ausgeblendet</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Schreibgeschützt</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Referenced table</source>
        <translation>Referenzierte Tabelle</translation>
    </message>
    <message>
        <source>Referenced columns</source>
        <translation>Referenzierte Spalten</translation>
    </message>
    <message>
        <source>On delete</source>
        <translation>Beim Löschen</translation>
    </message>
    <message>
        <source>On update</source>
        <translation>Beim Aktualisieren</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>NO ACTION</source>
        <translation>NO ACTION</translation>
    </message>
    <message>
        <source>through %1 (%2 → this, %3 → %4)</source>
        <translation>über %1 (%2 → diese Entität, %3 → %4)</translation>
    </message>
    <message>
        <source>Columns (%1)</source>
        <translation>Spalten (%1)</translation>
    </message>
    <message>
        <source>Indexes (%1)</source>
        <translation>Indizes (%1)</translation>
    </message>
    <message>
        <source>Foreign keys (%1)</source>
        <translation>Fremdschlüssel (%1)</translation>
    </message>
    <message>
        <source>Relations (%1)</source>
        <translation>Beziehungen (%1)</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Choose an entity to see its schema.</source>
        <translation>Wählen Sie eine Entität, um ihr Schema zu sehen.</translation>
    </message>
    <message>
        <source>The database has no entity named %1.</source>
        <translation>Die Datenbank enthält keine Entität namens %1.</translation>
    </message>
    <message>
        <source>%1: view %2</source>
        <translation>%1: Sicht %2</translation>
    </message>
    <message>
        <source>%1: table %2</source>
        <translation>%1: Tabelle %2</translation>
    </message>
    <message>
        <source>, no primary key</source>
        <translation>, kein Primärschlüssel</translation>
    </message>
    <message>
        <source>, primary key (%1)</source>
        <translation>, Primärschlüssel (%1)</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::Session</name>
    <message>
        <source>The plugin %1 (%2) provides no models.</source>
        <translation>Das Plugin %1 (%2) stellt keine Modelle bereit.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Unknown error</source>
        <translation>Unbekannter Fehler</translation>
    </message>
    <message>
        <source>There is no SQLite database at %1.</source>
        <translation>Unter %1 gibt es keine SQLite-Datenbank.</translation>
    </message>
    <message>
        <source>The database is shutting down.</source>
        <translation>Die Datenbank wird heruntergefahren.</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>Die Anfrage ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlConsole</name>
    <message>
        <source>Type one SQL statement; Ctrl+Enter runs it.</source>
        <translation>Geben Sie eine SQL-Anweisung ein; Strg+Eingabe führt sie aus.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>Run the statement (Ctrl+Enter)</source>
        <translation>Anweisung ausführen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message>
        <source>Stop the running statement (Escape)</source>
        <translation>Laufende Anweisung abbrechen (Esc)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Earlier statements (Ctrl+Up, Ctrl+Down)</source>
        <translation>Frühere Anweisungen (Strg+↑, Strg+↓)</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Cancelled after %1 ms.</source>
        <translation>Nach %1 ms abgebrochen.</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Verbunden mit %1.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Type a statement first.</source>
        <translation>Geben Sie zuerst eine Anweisung ein.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in %1 ms.</source>
        <translation><numerusform>%n Zeile in %1 ms.</numerusform><numerusform>%n Zeilen in %1 ms.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n rows were fetched.</source>
        <translation><numerusform>Nur die erste Zeile wurde abgerufen.</numerusform><numerusform>Nur die ersten %n Zeilen wurden abgerufen.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) affected in %1 ms.</source>
        <translation><numerusform>%n Zeile betroffen (%1 ms).</numerusform><numerusform>%n Zeilen betroffen (%1 ms).</numerusform></translation>
    </message>
    <message>
        <source>Statement executed in %1 ms.</source>
        <translation>Anweisung in %1 ms ausgeführt.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlResultModel</name>
    <message numerus="yes">
        <source>%n byte(s): %1</source>
        <translation><numerusform>%n Byte: %1</numerusform><numerusform>%n Bytes: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlRunner</name>
    <message>
        <source>Cancelling a running statement is not supported for %1.</source>
        <translation>Das Abbrechen einer laufenden Anweisung wird für %1 nicht unterstützt.</translation>
    </message>
    <message>
        <source>Cannot cancel: %1</source>
        <translation>Abbrechen nicht möglich: %1</translation>
    </message>
    <message>
        <source>PostgreSQL did not cancel the statement of backend %1.</source>
        <translation>PostgreSQL hat die Anweisung von Backend %1 nicht abgebrochen.</translation>
    </message>
    <message>
        <source>The server did not stop the statement.</source>
        <translation>Der Server hat die Anweisung nicht angehalten.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ValueConversion</name>
    <message>
        <source>Expected true or false.</source>
        <translation>Erwartet wird true oder false.</translation>
    </message>
    <message>
        <source>Expected a whole number.</source>
        <translation>Erwartet wird eine ganze Zahl.</translation>
    </message>
    <message>
        <source>Expected a number.</source>
        <translation>Erwartet wird eine Zahl.</translation>
    </message>
    <message>
        <source>Expected a decimal number such as 12.50.</source>
        <translation>Erwartet wird eine Dezimalzahl wie 12.50.</translation>
    </message>
    <message>
        <source>Expected a date such as 2024-12-31.</source>
        <translation>Erwartet wird ein Datum wie 2024-12-31.</translation>
    </message>
    <message>
        <source>Expected a time such as 13:45:00.</source>
        <translation>Erwartet wird eine Uhrzeit wie 13:45:00.</translation>
    </message>
    <message>
        <source>Expected a date and time such as 2024-12-31T13:45:00Z.</source>
        <translation>Erwartet werden Datum und Uhrzeit wie 2024-12-31T13:45:00Z.</translation>
    </message>
    <message>
        <source>Expected JSON: %1.</source>
        <translation>Erwartet wird JSON: %1.</translation>
    </message>
    <message>
        <source>Expected a UUID.</source>
        <translation>Erwartet wird eine UUID.</translation>
    </message>
    <message>
        <source>Binary values cannot be edited here.</source>
        <translation>Binärwerte können hier nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>Expected one JSON value.</source>
        <translation>Erwartet wird ein einzelner JSON-Wert.</translation>
    </message>
</context>
</TS>
