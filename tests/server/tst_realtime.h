#pragma once

#include <QtCore/QObject>

// The WebSocket side of RexOrm::Server with QWebSocket clients, in process, on SQLite,
// PostgreSQL and MariaDB: the spec's realtime scenario for a write through the ORM, nothing from a
// rolled-back transaction, filters and row filters, graphql-transport-ws subscriptions, resync
// after a listener gap, and the WebSocket numbers in /metrics (tst_realtime.cpp).
class tst_Realtime : public QObject
{
    Q_OBJECT

private slots:
    void specScenario_data();
    void specScenario();
    void rolledBackWritesSendNothing_data();
    void rolledBackWritesSendNothing();
    void rowFiltersOfTheCaller_data();
    void rowFiltersOfTheCaller();
    void graphqlTransportWs_data();
    void graphqlTransportWs();
    void gapAsksForResync();
    void resumeReplaysInOrder_data();
    void resumeReplaysInOrder();
};
