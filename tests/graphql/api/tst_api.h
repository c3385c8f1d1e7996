#pragma once

#include <QtCore/QObject>

// The API generated from metadata, on SQLite, PostgreSQL and MariaDB: the spec's integration
// query, reads with filters, ordering, pages and connections, aggregates, nested relations in one
// statement per level, mutations with validation and guards, limits (tst_api.cpp; the class is
// apart from the GraphQL text, which moc cannot read).
class tst_Api : public QObject
{
    Q_OBJECT

private slots:
    void specIntegration_data();
    void specIntegration();
    void chinookNestedOneStatementPerLevel_data();
    void chinookNestedOneStatementPerLevel();
    void filtersAndOrdering_data();
    void filtersAndOrdering();
    void connections_data();
    void connections();
    void aggregates_data();
    void aggregates();
    void mutations_data();
    void mutations();
    void bulkMutationsAreGuarded_data();
    void bulkMutationsAreGuarded();
    void hiddenColumnsNeverAppear();
    void compiledModels_data();
    void compiledModels();
    void extendingTheSchema();
    void limits_data();
    void limits();
    void rowBudget_data();
    void rowBudget();
    void failedSelectionWritesNothing_data();
    void failedSelectionWritesNothing();
    void uuidKeys_data();
    void uuidKeys();
    void dateTimeFilters_data();
    void dateTimeFilters();
    void unsupportedNamesAreLeftOut();
    void liveFiltersMatchSql_data();
    void liveFiltersMatchSql();
    void accessControl_data();
    void accessControl();
    void subscriptionPayloads_data();
    void subscriptionPayloads();
};
