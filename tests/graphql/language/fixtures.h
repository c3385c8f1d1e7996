#pragma once

#include <QtCore/QString>

// GraphQL sources kept out of the test's moc-scanned file (moc cannot read """ in raw strings).
QString kitchenSinkQuery();   // every executable construct of the grammar
QString kitchenSinkSchema();  // every type-system construct
QString escapedBlockString(); // a block string with an escaped triple quote and a backslash
