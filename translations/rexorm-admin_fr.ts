<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>RexOrm::Admin::ChangeApplier</name>
    <message>
        <source>%1 is not an entity of this database.</source>
        <translation>%1 n'est pas une entité de cette base de données.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ChangeFeedPanel</name>
    <message>
        <source>Install change triggers…</source>
        <translation>Installer les déclencheurs de suivi…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Mettre en pause</translation>
    </message>
    <message>
        <source>Adds triggers to every table so that changes made by other programs (psql, the CLI, other servers) show here too.</source>
        <translation>Ajoute des déclencheurs à chaque table afin que les modifications faites par d'autres programmes (psql, la CLI, d'autres serveurs) s'affichent aussi ici.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Some changes may have been missed: %1</source>
        <translation>Certaines modifications ont pu être manquées : %1</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>Listening for other clients' changes failed: %1</source>
        <translation>L'écoute des modifications des autres clients a échoué : %1</translation>
    </message>
    <message>
        <source>Showing the changes this window makes. Changes by other programs show too once change triggers are installed.</source>
        <translation>Affiche les modifications faites depuis cette fenêtre. Celles des autres programmes s'affichent aussi une fois les déclencheurs de suivi installés.</translation>
    </message>
    <message numerus="yes">
        <source>Showing every client's changes to %n table(s) (change triggers installed), and this window's own.</source>
        <translation><numerusform>Affiche les modifications de tous les clients sur %n table (déclencheurs de suivi installés), ainsi que celles de cette fenêtre.</numerusform><numerusform>Affiche les modifications de tous les clients sur %n tables (déclencheurs de suivi installés), ainsi que celles de cette fenêtre.</numerusform></translation>
    </message>
    <message>
        <source>Install change triggers</source>
        <translation>Installer les déclencheurs de suivi</translation>
    </message>
    <message>
        <source>This adds a trigger to every table of %1 (and, on SQLite and MySQL, a change-log table). `rexorm realtime:uninstall` removes them. Go on?</source>
        <translation>Un déclencheur sera ajouté à chaque table de %1 (ainsi que, sous SQLite et MySQL, une table de journal des modifications). `rexorm realtime:uninstall` les supprime. Continuer ?</translation>
    </message>
    <message>
        <source>Installing change triggers…</source>
        <translation>Installation des déclencheurs de suivi…</translation>
    </message>
    <message>
        <source>Installing change triggers failed: %1</source>
        <translation>L'installation des déclencheurs de suivi a échoué : %1</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ChangeLogModel</name>
    <message>
        <source>insert</source>
        <translation>insertion</translation>
    </message>
    <message>
        <source>update</source>
        <translation>mise à jour</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>suppression</translation>
    </message>
    <message>
        <source>(any table)</source>
        <translation>(n'importe quelle table)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation><numerusform>%n ligne</numerusform><numerusform>%n lignes</numerusform></translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entité</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ColumnFilter</name>
    <message>
        <source>A filter is a list of conditions such as gt: 5.</source>
        <translation>Un filtre est une liste de conditions comme gt: 5.</translation>
    </message>
    <message>
        <source>%1 is not a number.</source>
        <translation>%1 n'est pas un nombre.</translation>
    </message>
    <message>
        <source>Expected true or false.</source>
        <translation>Valeur attendue : true ou false.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::CommandLine</name>
    <message>
        <source>Browse, edit, migrate and watch a database: SQLite, PostgreSQL or MySQL/MariaDB.</source>
        <translation>Parcourir, modifier, migrer et surveiller une base de données : SQLite, PostgreSQL ou MySQL/MariaDB.</translation>
    </message>
    <message>
        <source>The database to open: a URL (sqlite:///path, postgres://user@host/db, mysql://...) or a SQLite file.</source>
        <translation>La base de données à ouvrir : une URL (sqlite:///chemin, postgres://utilisateur@hote/base, mysql://...) ou un fichier SQLite.</translation>
    </message>
    <message>
        <source>Describe the tables with the models of this RexOrm ModelProvider plugin instead of inspecting the database.</source>
        <translation>Décrire les tables avec les modèles de ce plugin ModelProvider de RexOrm au lieu d'inspecter la base de données.</translation>
    </message>
    <message>
        <source>The language of the window: en, de or fr (default: the system's).</source>
        <translation>La langue de la fenêtre : en, de ou fr (par défaut : celle du système).</translation>
    </message>
    <message>
        <source>The folder of migrations the Migrations panel shows (default: ./migrations).</source>
        <translation>Le dossier de migrations affiché par le panneau Migrations (par défaut : ./migrations).</translation>
    </message>
    <message>
        <source>Save screenshots of the main views into this folder, then quit (for docs/admin.md; works with QT_QPA_PLATFORM=offscreen).</source>
        <translation>Enregistrer des captures d'écran des vues principales dans ce dossier, puis quitter (pour docs/admin.md ; fonctionne avec QT_QPA_PLATFORM=offscreen).</translation>
    </message>
    <message>
        <source>Same as --database.</source>
        <translation>Identique à --database.</translation>
    </message>
    <message>
        <source>Give one database, not %1.</source>
        <translation>Indiquez une seule base de données, pas %1.</translation>
    </message>
    <message>
        <source>--screenshots needs a database.</source>
        <translation>--screenshots nécessite une base de données.</translation>
    </message>
    <message>
        <source>--lang: %1 is not a language (try de, fr or en).</source>
        <translation>--lang : %1 n'est pas une langue (essayez de, fr ou en).</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ConnectDialog</name>
    <message>
        <source>Remember the password (stored as plain text)</source>
        <translation>Mémoriser le mot de passe (stocké en clair)</translation>
    </message>
    <message>
        <source>Open a database</source>
        <translation>Ouvrir une base de données</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>Fichier SQLite</translation>
    </message>
    <message>
        <source>PostgreSQL or MySQL server</source>
        <translation>Serveur PostgreSQL ou MySQL</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>/path/to/database.sqlite</source>
        <translation>/chemin/vers/base.sqlite</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>Base de données SQLite</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)</source>
        <translation>Bases de données SQLite (*.sqlite *.sqlite3 *.db);;Tous les fichiers (*)</translation>
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
        <translation>par défaut</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Type de serveur :</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Hôte :</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de données :</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>Se connecter à :</translation>
    </message>
    <message>
        <source>Recent connections:</source>
        <translation>Connexions récentes :</translation>
    </message>
    <message>
        <source>Say which database to open.</source>
        <translation>Indiquez la base de données à ouvrir.</translation>
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
        <translation><numerusform>Environ %n ligne, selon l'estimation de la base de données</numerusform><numerusform>Environ %n lignes, selon l'estimation de la base de données</numerusform></translation>
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
        <translation>Exporter %1</translation>
    </message>
    <message>
        <source>CSV (comma-separated values)</source>
        <translation>CSV (valeurs séparées par des virgules)</translation>
    </message>
    <message>
        <source>JSON (an array of objects)</source>
        <translation>JSON (un tableau d'objets)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format :</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>Fic&amp;hier :</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Fichiers JSON (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exporter vers</translation>
    </message>
    <message>
        <source>Counting rows…</source>
        <translation>Comptage des lignes…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Fe&amp;rmer</translation>
    </message>
    <message>
        <source>%L1 of %L2 rows written…</source>
        <translation>%L1 lignes écrites sur %L2…</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ExportJob</name>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>The database has no entity named %1.</source>
        <translation>La base de données ne contient aucune entité nommée %1.</translation>
    </message>
    <message>
        <source>%1 has no field %2.</source>
        <translation>%1 n'a pas de champ %2.</translation>
    </message>
    <message>
        <source>%1 has no fields to export.</source>
        <translation>%1 n'a aucun champ à exporter.</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Choisissez le fichier de destination de l'export.</translation>
    </message>
    <message>
        <source>Cannot write %1: the folder %2 does not exist.</source>
        <translation>Impossible d'écrire %1 : le dossier %2 n'existe pas.</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a folder.</source>
        <translation>Impossible d'écrire %1 : c'est un dossier.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d'écrire %1 : %2</translation>
    </message>
    <message>
        <source>The database was closed during the export.</source>
        <translation>La base de données a été fermée pendant l'export.</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <translation>L'export a été annulé ; rien n'a été écrit.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation><numerusform>%n ligne exportée vers %1.</numerusform><numerusform>%n lignes exportées vers %1.</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::FilterHeader</name>
    <message>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <source>Text matches anywhere (ignoring case); a number or date matches exactly; or a GraphQL filter such as  gt: 100  or  ilike: "a%"  or  isNull: true</source>
        <translation>Un texte est recherché n'importe où (sans tenir compte de la casse) ; un nombre ou une date doit correspondre exactement ; ou bien un filtre GraphQL comme  gt: 100  ou  ilike: "a%"  ou  isNull: true</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::GraphQLConsole</name>
    <message>
        <source>A GraphQL query; Ctrl+Enter runs it.</source>
        <translation>Une requête GraphQL ; Ctrl+Entrée l'exécute.</translation>
    </message>
    <message>
        <source>Variables as a JSON object, e.g. {"limit": 10}</source>
        <translation>Variables sous forme d'objet JSON, p. ex. {"limit": 10}</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schéma</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;xécuter</translation>
    </message>
    <message>
        <source>Send the query (Ctrl+Enter)</source>
        <translation>Envoyer la requête (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Show &amp;Schema</source>
        <translation>Afficher le &amp;schéma</translation>
    </message>
    <message>
        <source>Show the schema of the generated API in SDL</source>
        <translation>Afficher le schéma de l'API générée en SDL</translation>
    </message>
    <message>
        <source>Variables (JSON):</source>
        <translation>Variables (JSON) :</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Connecté à %1.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>The variables are not valid JSON: %1 (at character %2).</source>
        <translation>Les variables ne sont pas du JSON valide : %1 (au caractère %2).</translation>
    </message>
    <message>
        <source>The variables must be a JSON object, such as {"id": 1}.</source>
        <translation>Les variables doivent former un objet JSON, comme {"id": 1}.</translation>
    </message>
    <message>
        <source>Type a query first.</source>
        <translation>Saisissez d'abord une requête.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Exécution…</translation>
    </message>
    <message>
        <source>Done in %1 ms.</source>
        <translation>Terminé en %1 ms.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): %1</source>
        <translation><numerusform>%n erreur : %1</numerusform><numerusform>%n erreurs : %1</numerusform></translation>
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
        <translation>Rechercher une entité (Ctrl+K)</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>Entités</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Could not open the database: %1</source>
        <translation>Impossible d'ouvrir la base de données : %1</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entité</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schéma</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Migrations</translation>
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
        <translation>&amp;Base de données</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recharger</translation>
    </message>
    <message>
        <source>&amp;Export view…</source>
        <translation>&amp;Exporter la vue…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Apply changes</source>
        <translation>A&amp;ppliquer les modifications</translation>
    </message>
    <message>
        <source>Re&amp;vert changes</source>
        <translation>Annuler les &amp;modifications</translation>
    </message>
    <message>
        <source>&amp;Insert row</source>
        <translation>&amp;Insérer une ligne</translation>
    </message>
    <message>
        <source>D&amp;uplicate row</source>
        <translation>&amp;Dupliquer la ligne</translation>
    </message>
    <message>
        <source>&amp;Delete rows</source>
        <translation>&amp;Supprimer les lignes</translation>
    </message>
    <message>
        <source>Set to &amp;NULL</source>
        <translation>Mettre à &amp;NULL</translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <source>&amp;Find entity</source>
        <translation>Rechercher une en&amp;tité</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Barre d'outils principale</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
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
        <translation><numerusform>%n ligne écrite.</numerusform><numerusform>%n lignes écrites.</numerusform></translation>
    </message>
    <message>
        <source>Rows changed elsewhere</source>
        <translation>Lignes modifiées ailleurs</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) you edited were changed by someone else since you read them. Nothing was written.</source>
        <translation><numerusform>%n ligne que vous avez modifiée a été changée par quelqu'un d'autre depuis sa lecture. Rien n'a été écrit.</numerusform><numerusform>%n lignes que vous avez modifiées ont été changées par quelqu'un d'autre depuis leur lecture. Rien n'a été écrit.</numerusform></translation>
    </message>
    <message>
        <source>Overwrite their changes with yours, or keep theirs and drop your edits of those rows?</source>
        <translation>Écraser leurs modifications par les vôtres, ou conserver les leurs et abandonner vos modifications de ces lignes ?</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Écraser</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Conserver les leurs</translation>
    </message>
    <message>
        <source>Not applied: rows were changed elsewhere.</source>
        <translation>Non appliqué : des lignes ont été modifiées ailleurs.</translation>
    </message>
    <message>
        <source>Not applied: some values are not valid.</source>
        <translation>Non appliqué : certaines valeurs ne sont pas valides.</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Non appliqué : %1</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Ouverture…</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Aucune base de données ouverte</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation><numerusform>%1 : %n ligne</numerusform><numerusform>%1 : %n lignes</numerusform></translation>
    </message>
    <message>
        <source>%1: counting…</source>
        <translation>%1 : comptage…</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>chargement</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with pending changes</source>
        <translation><numerusform>%n ligne avec des modifications en attente</numerusform><numerusform>%n lignes avec des modifications en attente</numerusform></translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Modifications en attente</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 have changes that are not applied. Discard them?</source>
        <translation><numerusform>%n ligne de %1 a des modifications non appliquées. Les abandonner ?</numerusform><numerusform>%n lignes de %1 ont des modifications non appliquées. Les abandonner ?</numerusform></translation>
    </message>
    <message>
        <source>Reload &amp;schema</source>
        <translation>Recharger le &amp;schéma</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::MigrationStatusModel</name>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>appliquée</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifiée</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>manquante</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>partielle</translation>
    </message>
    <message>
        <source>Its file changed after it was applied: %1</source>
        <translation>Son fichier a été modifié après son application : %1</translation>
    </message>
    <message>
        <source>Applied, but its file is gone.</source>
        <translation>Appliquée, mais son fichier a disparu.</translation>
    </message>
    <message numerus="yes">
        <source>Half-applied: %n statement(s) ran, then: %1</source>
        <translation><numerusform>Partiellement appliquée : %n instruction exécutée, puis : %1</numerusform><numerusform>Partiellement appliquée : %n instructions exécutées, puis : %1</numerusform></translation>
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
        <translation>Statut</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation>Appliquée le</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::MigrationsPanel</name>
    <message>
        <source>The live schema matches the models: there is nothing to write.</source>
        <translation>Le schéma actuel correspond aux modèles : il n'y a rien à écrire.</translation>
    </message>
    <message>
        <source>Cannot create the migrations folder %1.</source>
        <translation>Impossible de créer le dossier de migrations %1.</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Choisir un dossier…</translation>
    </message>
    <message>
        <source>Apply pending</source>
        <translation>Appliquer les migrations</translation>
    </message>
    <message>
        <source>Apply every pending migration, as one batch.</source>
        <translation>Appliquer toutes les migrations en attente, en un seul lot.</translation>
    </message>
    <message>
        <source>Roll back last</source>
        <translation>Annuler la dernière</translation>
    </message>
    <message>
        <source>Roll back the last applied migration.</source>
        <translation>Annuler la dernière migration appliquée.</translation>
    </message>
    <message>
        <source>Redo last</source>
        <translation>Refaire la dernière</translation>
    </message>
    <message>
        <source>Roll back the last applied migration and apply it again.</source>
        <translation>Annuler la dernière migration appliquée, puis l'appliquer de nouveau.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Read the folder and the database again.</source>
        <translation>Relire le dossier et la base de données.</translation>
    </message>
    <message>
        <source>Mark applied</source>
        <translation>Marquer comme appliquée</translation>
    </message>
    <message>
        <source>The selected half-applied migration was finished by hand: record it as applied.</source>
        <translation>La migration partiellement appliquée sélectionnée a été terminée à la main : l'enregistrer comme appliquée.</translation>
    </message>
    <message>
        <source>Mark rolled back</source>
        <translation>Marquer comme annulée</translation>
    </message>
    <message>
        <source>The statements of the selected half-applied migration were undone by hand: forget it, so it is pending again.</source>
        <translation>Les instructions de la migration partiellement appliquée sélectionnée ont été défaites à la main : l'oublier, pour qu'elle soit de nouveau en attente.</translation>
    </message>
    <message>
        <source>Allow changed migrations</source>
        <translation>Autoriser les migrations modifiées</translation>
    </message>
    <message>
        <source>Run even though an applied migration's file changed.</source>
        <translation>Exécuter même si le fichier d'une migration appliquée a changé.</translation>
    </message>
    <message>
        <source>Migration name, e.g. add_email_to_users</source>
        <translation>Nom de la migration, p. ex. add_email_to_users</translation>
    </message>
    <message>
        <source>Write migration</source>
        <translation>Écrire la migration</translation>
    </message>
    <message>
        <source>Write the previewed migration into the migrations folder as &lt;timestamp&gt;_&lt;name&gt;.up.sql and .down.sql.</source>
        <translation>Écrire la migration prévisualisée dans le dossier de migrations sous la forme &lt;horodatage&gt;_&lt;nom&gt;.up.sql et .down.sql.</translation>
    </message>
    <message>
        <source>Compare again</source>
        <translation>Comparer à nouveau</translation>
    </message>
    <message>
        <source>Compare the models with the live schema again.</source>
        <translation>Comparer à nouveau les modèles avec le schéma actuel.</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Migrations</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>What the actions did appears here.</source>
        <translation>Le résultat des actions s'affiche ici.</translation>
    </message>
    <message>
        <source>No migrations folder chosen.</source>
        <translation>Aucun dossier de migrations choisi.</translation>
    </message>
    <message>
        <source>Migrations folder: %1</source>
        <translation>Dossier de migrations : %1</translation>
    </message>
    <message>
        <source>Migrations folder</source>
        <translation>Dossier de migrations</translation>
    </message>
    <message>
        <source>Reading the migrations…</source>
        <translation>Lecture des migrations…</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <source>%1: started</source>
        <translation>%1 : démarré</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>%1 sur %2 : %3</translation>
    </message>
    <message>
        <source>Applying %1 (%2 of %3)…</source>
        <translation>Application de %1 (%2 sur %3)…</translation>
    </message>
    <message>
        <source>Rolling back %1 (%2 of %3)…</source>
        <translation>Annulation de %1 (%2 sur %3)…</translation>
    </message>
    <message>
        <source>Applied %1 in %2 ms</source>
        <translation>%1 appliquée en %2 ms</translation>
    </message>
    <message>
        <source>Rolled back %1 in %2 ms</source>
        <translation>%1 annulée en %2 ms</translation>
    </message>
    <message numerus="yes">
        <source>%n applied</source>
        <translation><numerusform>%n appliquée</numerusform><numerusform>%n appliquées</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation><numerusform>%n en attente</numerusform><numerusform>%n en attente</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s): %1.</source>
        <translation><numerusform>%n migration : %1.</numerusform><numerusform>%n migrations : %1.</numerusform></translation>
    </message>
    <message>
        <source>There is no folder %1.</source>
        <translation>Le dossier %1 n'existe pas.</translation>
    </message>
    <message>
        <source>Cannot read the migrations: %1</source>
        <translation>Impossible de lire les migrations : %1</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 a échoué : %2</translation>
    </message>
    <message>
        <source>This database does not roll back schema changes: the statements that ran stay applied and the migration is marked partial. Finish or undo them by hand, then select it and click Mark applied or Mark rolled back.</source>
        <translation>Cette base de données n'annule pas les modifications de schéma : les instructions exécutées restent appliquées et la migration est marquée comme partielle. Terminez-les ou défaites-les à la main, puis sélectionnez la migration et cliquez sur « Marquer comme appliquée » ou « Marquer comme annulée ».</translation>
    </message>
    <message>
        <source>It ran in a transaction: nothing of it was kept.</source>
        <translation>Elle s'est exécutée dans une transaction : rien n'en a été conservé.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
    <message>
        <source>Nothing to apply.</source>
        <translation>Rien à appliquer.</translation>
    </message>
    <message>
        <source>Nothing to roll back.</source>
        <translation>Rien à annuler.</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n migration(s)</source>
        <translation><numerusform>Terminé : %n migration</numerusform><numerusform>Terminé : %n migrations</numerusform></translation>
    </message>
    <message>
        <source>Recorded %1 as applied.</source>
        <translation>%1 enregistrée comme appliquée.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Recorded %1 as rolled back: it is pending again.</source>
        <translation>%1 enregistrée comme annulée : elle est de nouveau en attente.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Fichier écrit : %1</translation>
    </message>
    <message>
        <source>%1: finished</source>
        <translation>%1 : terminé</translation>
    </message>
    <message>
        <source>This database was opened without models: its entities were read from the live schema, so there are no models to compare it with. Open it with a models plugin to preview the migration its models need.</source>
        <translation>Cette base de données a été ouverte sans modèles : ses entités ont été lues depuis le schéma actuel, il n'y a donc aucun modèle avec lequel la comparer. Ouvrez-la avec un plugin de modèles pour prévisualiser la migration dont ses modèles ont besoin.</translation>
    </message>
    <message>
        <source>Cannot compare the models with the database: %1</source>
        <translation>Impossible de comparer les modèles avec la base de données : %1</translation>
    </message>
    <message>
        <source>The live schema matches the models: there is no migration to generate.</source>
        <translation>Le schéma actuel correspond aux modèles : il n'y a aucune migration à générer.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) would bring the live schema to the models' schema. Review the SQL, then write it into the migrations folder as a migration.</source>
        <translation><numerusform>%n modification alignerait le schéma actuel sur celui des modèles. Vérifiez le SQL, puis écrivez-le dans le dossier de migrations sous forme de migration.</numerusform><numerusform>%n modifications aligneraient le schéma actuel sur celui des modèles. Vérifiez le SQL, puis écrivez-le dans le dossier de migrations sous forme de migration.</numerusform></translation>
    </message>
    <message>
        <source>-- WARNING: %1</source>
        <translation>-- AVERTISSEMENT : %1</translation>
    </message>
    <message>
        <source>-- Changes:</source>
        <translation>-- Modifications :</translation>
    </message>
    <message>
        <source>-- up (%1)</source>
        <translation>-- migration up (%1)</translation>
    </message>
    <message>
        <source>-- down (%1)</source>
        <translation>-- migration down (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n changed</source>
        <translation><numerusform>%n modifiée</numerusform><numerusform>%n modifiées</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n missing</source>
        <translation><numerusform>%n manquante</numerusform><numerusform>%n manquantes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n partly applied</source>
        <translation><numerusform>%n appliquée en partie</numerusform><numerusform>%n appliquées en partie</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::RecordForm</name>
    <message>
        <source>Choose the referenced row</source>
        <translation>Choisir la ligne référencée</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ReferencePicker</name>
    <message>
        <source>Choose a %1</source>
        <translation>Choisir une ligne de %1</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
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
        <translation>Cette ligne a été modifiée ailleurs après votre modification.</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Filtre : %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>la modification de %1</translation>
    </message>
    <message>
        <source>Insert row</source>
        <translation>l'insertion d'une ligne</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n row(s)</source>
        <translation><numerusform>la suppression de %n ligne</numerusform><numerusform>la suppression de %n lignes</numerusform></translation>
    </message>
    <message>
        <source>Some values are not valid; they are marked in red.</source>
        <translation>Certaines valeurs ne sont pas valides ; elles sont marquées en rouge.</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Type : %1</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Clé primaire</translation>
    </message>
    <message>
        <source>Not null</source>
        <translation>Non NULL</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::RowsView</name>
    <message>
        <source>Delete rows</source>
        <translation>Supprimer les lignes</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n row(s) for deletion? Nothing is deleted until you apply.</source>
        <translation><numerusform>Marquer %n ligne pour suppression ? Rien n'est supprimé tant que vous n'appliquez pas les modifications.</numerusform><numerusform>Marquer %n lignes pour suppression ? Rien n'est supprimé tant que vous n'appliquez pas les modifications.</numerusform></translation>
    </message>
    <message>
        <source>Insert row</source>
        <translation>Insérer une ligne</translation>
    </message>
    <message>
        <source>Duplicate row</source>
        <translation>Dupliquer la ligne</translation>
    </message>
    <message>
        <source>Set to NULL</source>
        <translation>Mettre à NULL</translation>
    </message>
    <message>
        <source>Open referenced row</source>
        <translation>Ouvrir la ligne référencée</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Copier la valeur</translation>
    </message>
    <message numerus="yes">
        <source>%n selected row(s) have not been read yet and are left as they are; filter the rows to delete many at once.</source>
        <translation><numerusform>%n ligne sélectionnée n'a pas encore été lue et reste inchangée ; filtrez les lignes pour en supprimer beaucoup à la fois.</numerusform><numerusform>%n lignes sélectionnées n'ont pas encore été lues et restent inchangées ; filtrez les lignes pour en supprimer beaucoup à la fois.</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SchemaView</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Nullable</source>
        <translation>NULL autorisé</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Clé primaire</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>Unique</translation>
    </message>
    <message>
        <source>Auto-increment</source>
        <translation>Auto-incrément</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Masqué</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <source>Referenced table</source>
        <translation>Table référencée</translation>
    </message>
    <message>
        <source>Referenced columns</source>
        <translation>Colonnes référencées</translation>
    </message>
    <message>
        <source>On delete</source>
        <translation>À la suppression</translation>
    </message>
    <message>
        <source>On update</source>
        <translation>À la mise à jour</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>NO ACTION</source>
        <translation>NO ACTION</translation>
    </message>
    <message>
        <source>through %1 (%2 → this, %3 → %4)</source>
        <translation>via %1 (%2 → cette entité, %3 → %4)</translation>
    </message>
    <message>
        <source>Columns (%1)</source>
        <translation>Colonnes (%1)</translation>
    </message>
    <message>
        <source>Indexes (%1)</source>
        <translation>Index (%1)</translation>
    </message>
    <message>
        <source>Foreign keys (%1)</source>
        <translation>Clés étrangères (%1)</translation>
    </message>
    <message>
        <source>Relations (%1)</source>
        <translation>Relations (%1)</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>Choose an entity to see its schema.</source>
        <translation>Choisissez une entité pour voir son schéma.</translation>
    </message>
    <message>
        <source>The database has no entity named %1.</source>
        <translation>La base de données ne contient aucune entité nommée %1.</translation>
    </message>
    <message>
        <source>%1: view %2</source>
        <translation>%1 : vue %2</translation>
    </message>
    <message>
        <source>%1: table %2</source>
        <translation>%1 : table %2</translation>
    </message>
    <message>
        <source>, no primary key</source>
        <translation>, sans clé primaire</translation>
    </message>
    <message>
        <source>, primary key (%1)</source>
        <translation>, clé primaire (%1)</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::Session</name>
    <message>
        <source>The plugin %1 (%2) provides no models.</source>
        <translation>Le plugin %1 (%2) ne fournit aucun modèle.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>Unknown error</source>
        <translation>Erreur inconnue</translation>
    </message>
    <message>
        <source>There is no SQLite database at %1.</source>
        <translation>Il n'y a pas de base de données SQLite à l'emplacement %1.</translation>
    </message>
    <message>
        <source>The database is shutting down.</source>
        <translation>La base de données est en cours d'arrêt.</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>La requête a échoué.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlConsole</name>
    <message>
        <source>Type one SQL statement; Ctrl+Enter runs it.</source>
        <translation>Saisissez une instruction SQL ; Ctrl+Entrée l'exécute.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;xécuter</translation>
    </message>
    <message>
        <source>Run the statement (Ctrl+Enter)</source>
        <translation>Exécuter l'instruction (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnuler</translation>
    </message>
    <message>
        <source>Stop the running statement (Escape)</source>
        <translation>Arrêter l'instruction en cours (Échap)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Earlier statements (Ctrl+Up, Ctrl+Down)</source>
        <translation>Instructions précédentes (Ctrl+Haut, Ctrl+Bas)</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Exécution…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Cancelled after %1 ms.</source>
        <translation>Annulé après %1 ms.</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Connecté à %1.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n'est ouverte.</translation>
    </message>
    <message>
        <source>Type a statement first.</source>
        <translation>Saisissez d'abord une instruction.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in %1 ms.</source>
        <translation><numerusform>%n ligne en %1 ms.</numerusform><numerusform>%n lignes en %1 ms.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n rows were fetched.</source>
        <translation><numerusform>Seule la première ligne a été récupérée.</numerusform><numerusform>Seules les %n premières lignes ont été récupérées.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) affected in %1 ms.</source>
        <translation><numerusform>%n ligne affectée en %1 ms.</numerusform><numerusform>%n lignes affectées en %1 ms.</numerusform></translation>
    </message>
    <message>
        <source>Statement executed in %1 ms.</source>
        <translation>Instruction exécutée en %1 ms.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlResultModel</name>
    <message numerus="yes">
        <source>%n byte(s): %1</source>
        <translation><numerusform>%n octet : %1</numerusform><numerusform>%n octets : %1</numerusform></translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::SqlRunner</name>
    <message>
        <source>Cancelling a running statement is not supported for %1.</source>
        <translation>L'annulation d'une instruction en cours n'est pas prise en charge pour %1.</translation>
    </message>
    <message>
        <source>Cannot cancel: %1</source>
        <translation>Impossible d'annuler : %1</translation>
    </message>
    <message>
        <source>PostgreSQL did not cancel the statement of backend %1.</source>
        <translation>PostgreSQL n'a pas annulé l'instruction du processus serveur %1.</translation>
    </message>
    <message>
        <source>The server did not stop the statement.</source>
        <translation>Le serveur n'a pas arrêté l'instruction.</translation>
    </message>
</context>
<context>
    <name>RexOrm::Admin::ValueConversion</name>
    <message>
        <source>Expected true or false.</source>
        <translation>Valeur attendue : true ou false.</translation>
    </message>
    <message>
        <source>Expected a whole number.</source>
        <translation>Valeur attendue : un nombre entier.</translation>
    </message>
    <message>
        <source>Expected a number.</source>
        <translation>Valeur attendue : un nombre.</translation>
    </message>
    <message>
        <source>Expected a decimal number such as 12.50.</source>
        <translation>Valeur attendue : un nombre décimal comme 12.50.</translation>
    </message>
    <message>
        <source>Expected a date such as 2024-12-31.</source>
        <translation>Valeur attendue : une date comme 2024-12-31.</translation>
    </message>
    <message>
        <source>Expected a time such as 13:45:00.</source>
        <translation>Valeur attendue : une heure comme 13:45:00.</translation>
    </message>
    <message>
        <source>Expected a date and time such as 2024-12-31T13:45:00Z.</source>
        <translation>Valeur attendue : une date et une heure comme 2024-12-31T13:45:00Z.</translation>
    </message>
    <message>
        <source>Expected JSON: %1.</source>
        <translation>JSON attendu : %1.</translation>
    </message>
    <message>
        <source>Expected a UUID.</source>
        <translation>Valeur attendue : un UUID.</translation>
    </message>
    <message>
        <source>Binary values cannot be edited here.</source>
        <translation>Les valeurs binaires ne peuvent pas être modifiées ici.</translation>
    </message>
    <message>
        <source>Expected one JSON value.</source>
        <translation>Une seule valeur JSON est attendue.</translation>
    </message>
</context>
</TS>
