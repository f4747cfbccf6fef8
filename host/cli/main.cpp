// opora — the command-line front end. See README.md and `opora --help`.
#include <cstdlib>
#include <iostream>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "cli/app.hpp"

namespace {

const char* env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// CLI11's own labels are English; users read Russian.
void russian_labels(CLI::App& app) {
  auto f = app.get_formatter();
  f->label("Usage", "Использование");
  f->label("OPTIONS", "ПАРАМЕТРЫ");
  f->label("SUBCOMMAND", "КОМАНДА");
  f->label("SUBCOMMANDS", "КОМАНДЫ");
  f->label("Options", "Параметры");
  f->label("Subcommands", "Команды");
  f->label("Positionals", "Аргументы");
  f->label("REQUIRED", "ОБЯЗАТЕЛЬНО");
  f->label("TEXT", "ТЕКСТ");
  f->label("INT", "ЧИСЛО");
  f->label("FILE", "ФАЙЛ");
  f->label("DIR", "КАТАЛОГ");
  f->column_width(34);
}

// Help flags, labels and group names of every command, at every depth.
void russify(CLI::App& app) {
  for (auto* opt : app.get_options()) {
    if (opt->get_group() == "Options") opt->group("Параметры");
  }
  for (auto* sub : app.get_subcommands({})) {
    sub->set_help_flag("-h,--help", "Показать справку");
    if (sub->get_group() == "Subcommands") sub->group("Команды");
    russian_labels(*sub);
    russify(*sub);
  }
}

// CLI11's parse errors are English; users read Russian. This is the one place they are
// translated: first the message patterns of CLI11 2.x, then, for anything else, the error's
// kind (RequiredError, ConversionError, ...) with CLI11's text kept only as a detail.
std::string russian_parse_error(const CLI::ParseError& e) {
  const std::string what = e.what();
  static const std::vector<std::pair<std::regex, const char*>> table = {
      {std::regex("^A subcommand is required$"), "укажите команду (список: opora --help)"},
      {std::regex("^Requires at least \\d+ subcommands$"),
       "укажите команду (список: opora --help)"},
      {std::regex("^Subcommand required$"), "укажите команду (список: opora --help)"},
      {std::regex("^(.+) is required$"), "не указан обязательный параметр $1"},
      {std::regex("^The following arguments? (?:was|were) not expected: (.*)$"),
       "лишние или неизвестные аргументы: $1"},
      {std::regex("^Could not convert: (.+) = (.*)$"), "неверное значение $1: «$2»"},
      {std::regex("^The value (.*) is not an allowed value for (.+)$"),
       "недопустимое значение $2: «$1»"},
      {std::regex("^(.+): (\\d+) required \\S+ missing$"), "$1: не указано значение"},
      {std::regex("^Expected (?:exactly|at least) (\\d+) arguments? to (.+), got (\\d+)$"),
       "$2: нужно значений: $1, указано: $3"},
      {std::regex("^(.+): At least (\\d+) required but received (\\d+)$"),
       "$1: нужно значений не меньше $2, указано: $3"},
      {std::regex("^(.+): At Most (\\d+) required but received (\\d+)$"),
       "$1: нужно значений не больше $2, указано: $3"},
      {std::regex("^(.+): too many inputs for a flag$"), "$1: флаг не принимает значения"},
      {std::regex("^(.+): Should be true/false or a number$"),
       "$1: ожидается true/false или число"},
      {std::regex("^(.+): Value (.+) not in range (.+) to (.+)$"),
       "$1: значение $2 вне диапазона от $3 до $4"},
      {std::regex("^(.+): (?:File|Directory|Path) does not exist: (.*)$"),
       "$1: нет такого файла или каталога: $2"},
      {std::regex("^(.+) requires (.+)$"), "$1 требует $2"},
      {std::regex("^(.+) excludes (.+)$"), "$1 нельзя указывать вместе с $2"},
      {std::regex("^(.+) not found$"), "неизвестный параметр $1"},
  };
  for (const auto& [re, russian] : table)
    if (std::regex_match(what, re)) return std::regex_replace(what, re, russian);
  static const std::vector<std::pair<const char*, const char*>> kinds = {
      {"RequiredError", "не указаны обязательные параметры"},
      {"ConversionError", "неверное значение параметра"},
      {"ValidationError", "недопустимое значение параметра"},
      {"ArgumentMismatch", "неверное число значений параметра"},
      {"ExtrasError", "лишние аргументы"},
      {"RequiresError", "параметр требует другого параметра"},
      {"ExcludesError", "параметры нельзя указывать вместе"},
      {"FileError", "файл не прочитан"},
  };
  for (const auto& [kind, russian] : kinds)
    if (e.get_name() == kind) return std::string(russian) + " (" + what + ")";
  return "неверные параметры команды (" + what + ")";
}

// The option a message names, in the command being run: its Russian description says what
// is missing or wrong («--who (Кто вносит запись)»).
std::string option_hint(const CLI::App& app, const std::string& message) {
  const CLI::App* cmd = &app;
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (const auto* sub : cmd->get_subcommands())
      if (sub->parsed()) cmd = sub, deeper = true;
  }
  std::string path;
  for (const auto* c = cmd; c && c != &app; c = c->get_parent()) path = c->get_name() + " " + path;
  for (const auto* opt : cmd->get_options()) {
    const std::string name = opt->get_name();
    if (name.empty() || opt->get_description().empty()) continue;
    if (message.find(name) != std::string::npos)
      return "\n  " + name + " — " + opt->get_description() + " (справка: opora " + path +
             "--help)";
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace opora::host;
  Globals g{env_or("OPORA_DB", "opora.db"), env_or("OPORA_SCRIPTS", OPORA_DEFAULT_SCRIPTS),
            env_or("OPORA_PLUGINS", OPORA_DEFAULT_PLUGINS)};

  CLI::App app{"opora — поддержка школ с низкими образовательными результатами (ШНОР) и школ,\n"
               "функционирующих в неблагоприятных социальных условиях (ШНСУ)",
               "opora"};
  app.set_help_flag("-h,--help", "Показать справку");
  app.set_help_all_flag("--help-all", "Справка по всем командам");
  app.set_version_flag("-V,--version", std::string("opora ") + OPORA_VERSION, "Показать версию");
  app.require_subcommand(1);
  app.fallthrough();
  russian_labels(app);
  auto* db_option =
      app.add_option("--db", g.db, "Файл базы данных (по умолчанию $OPORA_DB или ./opora.db)");
  // `demo` builds its store in --db only when it was given here (not $OPORA_DB's store).
  db_option->each([&g](const std::string&) { g.db_given = true; });
  app.add_option("--scripts", g.scripts, "Каталог пакетов Lua (по умолчанию scripts/)");
  app.add_option("--plugins", g.plugins, "Каталог плагинов (по умолчанию $OPORA_PLUGINS)");

  // Options are parsed into `g` before any command callback runs; the runtime reads them lazily.
  Runtime rt(g);

  add_setup_commands(app, rt);
  add_catalog_commands(app, rt);
  add_identify_commands(app, rt);
  add_demo_commands(app, rt);
  add_roadmap_commands(app, rt);
  add_progress_commands(app, rt);
  add_indicator_commands(app, rt);
  add_report_commands(app, rt);
  add_test_commands(app, rt);
  add_users_commands(app, rt);
  add_serve_commands(app, rt);
  russify(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "Ошибка в параметрах: " << russian_parse_error(e)
              << option_hint(app, e.what()) << "\nСправка: opora --help\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "Ошибка: " << e.what() << "\n";
    return 2;
  } catch (const UserError& e) {
    std::cerr << "Ошибка: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "Ошибка: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
