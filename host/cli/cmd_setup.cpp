// init and import: create the store, load data files into it.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "import/import.hpp"

namespace opora::host {

namespace {

void run_init(Runtime& rt) {
  auto& db = rt.db();  // opening migrates and registers the package territories
  std::cout << "База данных готова: " << rt.globals().db << " (версия схемы " << db.user_version()
            << ")\n";
  std::cout << "Территорий с пакетами: " << db.scalar("SELECT count(*) FROM territories")
            << ", школ: " << db.scalar("SELECT count(*) FROM schools") << "\n";
}

struct ImportArgs {
  std::string kind;
  std::vector<std::string> files;
  std::string sheet;  // XLSX: the sheet to read (the first when empty)
  bool json = false;
};

void run_import(Runtime& rt, const ImportArgs& a) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& file : a.files) {
    if (!std::filesystem::exists(file)) throw UserError("файл не найден: " + file);
    try {
      auto r = import_file(rt.db(), a.kind, file, &rt.catalog(), a.sheet);
      out.push_back({{"file", file}, {"rows", r.rows}, {"inserted", r.inserted},
                     {"updated", r.updated}, {"unchanged", r.unchanged}});
      if (!a.json)
        std::cout << file << ": строк " << r.rows << ", добавлено " << r.inserted
                  << ", изменено " << r.updated << ", без изменений " << r.unchanged << "\n";
    } catch (const ImportFailed& e) {
      for (const auto& err : e.errors()) std::cerr << err << "\n";
      throw UserError("импорт " + file + " отменён, база данных не изменена (ошибок: " +
                      std::to_string(e.errors().size()) + ")");
    }
  }
  if (a.json) std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_setup_commands(CLI::App& app, Runtime& rt) {
  auto* init = add_command(app, rt, "init", "Создать базу данных (или обновить её схему)",
                           StoreUse::write);
  init->callback([&rt] { run_init(rt); });

  auto a = std::make_shared<ImportArgs>();
  std::string kinds;
  for (auto k : builtin_import_kinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
  auto* imp = add_command(app, rt, "import",
                          "Загрузить файл CSV или XLSX (всё или ничего); виды: " + kinds +
                              ", а также виды, добавленные плагинами (opora packages)",
                          StoreUse::write);
  imp->add_option("kind", a->kind, "Вид данных")->required();
  imp->add_option("files", a->files, "Файлы")->required();
  imp->add_option("--sheet", a->sheet, "Лист книги XLSX (по умолчанию первый)");
  imp->add_flag("--json", a->json, "Вывод в JSON");
  imp->callback([&rt, a] { run_import(rt, *a); });
}

}  // namespace opora::host
