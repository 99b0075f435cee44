/*
 * commands: the table of every canbo command.
 *
 * Columns: name; handler; the options it accepts (space-separated, "x="
 * takes a value — anything else given is a usage error, exit 2); usage
 * line; one-line summary; longer help; an optional function that prints
 * more help (generated, e.g. the accepted import columns).
 */
#include <stdlib.h>

#include "app/import.h"
#include "cli/cli.h"
#include "cli/cmds.h"

static void import_columns(FILE *out)
{
	char *u = import_describe(IMPORT_UNITS), *p = import_describe(IMPORT_PEOPLE);
	fprintf(out, "\nCột của tệp đơn vị (units):\n%s\nCột của tệp nhân sự (people):\n%s", u, p);
	free(u);
	free(p);
}

const cli_command_t cli_commands[] = {
	{"init", cmd_init, "db=", "init [--db TỆP]",
	 "Tạo cơ sở dữ liệu mới hoặc nâng cấp lược đồ của cơ sở dữ liệu có sẵn",
	 "Áp dụng các bản nâng cấp lược đồ còn thiếu. Cơ sở dữ liệu do phiên bản canbo mới hơn "
	 "tạo ra sẽ bị từ chối, không bị thay đổi.",
	 NULL},
	{"demo", cmd_demo, "db= force logins", "demo [--db demo.db] [--force] [--logins]",
	 "Tạo dữ liệu mẫu (một thành phố sau sắp xếp 2025) và in nội dung",
	 "Tạo tệp demo.db (hoặc --db) với cơ cấu tổ chức và vài trăm cán bộ mẫu, gồm một quận cũ đã "
	 "giải thể và các phường cũ sáp nhập ngày 01/07/2025. Nếu tệp đã có thì chỉ in nội dung; "
	 "--force để tạo lại từ đầu. --logins mở kỳ đánh giá tháng 11/2026 cho toàn thành phố và "
	 "tạo một người dùng mẫu cho mỗi vai trò (nhân viên, người nhận xét, người đứng đầu, tổ "
	 "chức, lãnh đạo xem, quản trị), rồi in tên đăng nhập và mật khẩu.",
	 NULL},
	{"gen", cmd_gen, "db= people= seed= csv= units-csv= no-db quiet",
	 "gen --people N [--seed S] [--db TỆP] [--csv NGƯỜI.csv] [--units-csv ĐƠN_VỊ.csv] [--no-db]",
	 "Sinh dữ liệu tổng hợp (đến 3.000.000 người) để thử nghiệm và đo hiệu năng",
	 "Cùng --seed luôn cho cùng dữ liệu. Cơ sở dữ liệu phải trống. --csv/--units-csv ghi thêm "
	 "tệp CSV đúng mẫu nhập liệu; --no-db chỉ ghi tệp CSV.",
	 NULL},
	{"import", cmd_import, "db= report= date= dry-run progress sheet= encoding=",
	 "import units|people TỆP.csv|TỆP.xlsx [--sheet TÊN] [--encoding tcvn3|vni|cp1258|utf8] "
	 "[--report LỖI.xlsx|LỖI.csv] [--date dd/mm/yyyy] [--dry-run]",
	 "Nhập danh sách đơn vị hoặc nhân sự từ Excel (XLSX) hoặc CSV, tất cả hoặc không gì cả",
	 "Dòng tiêu đề được nhận theo tên cột (không phân biệt hoa thường, có dấu hay không dấu). "
	 "Ngày ghi dd/mm/yyyy. Dấu phân cách phẩy, chấm phẩy hoặc tab được tự nhận ra. Nếu có bất "
	 "kỳ dòng nào sai thì không ghi gì, in ra từng lỗi (dòng, cột, giá trị, lý do) và thoát với "
	 "mã 1; --report ghi danh sách lỗi ra tệp XLSX (ô sai được tô đỏ) hoặc CSV. Tệp Excel: chọn "
	 "trang bằng --sheet (mặc định trang đầu), dòng tiêu đề được tìm theo tên cột, bỏ qua các "
	 "dòng tiêu đề phía trên; ngày có thể là ngày Excel hoặc chữ. Chữ gõ bằng phông cũ (TCVN3 "
	 "/ABC, VNI) hoặc tệp CSV không phải UTF-8 được tự nhận ra và chuyển sang Unicode; khi "
	 "không chắc chắn, canbo từ chối và đề nghị chỉ định --encoding. "
	 "Nhập lại cùng mã thì cập nhật. Với nhân sự, "
	 "thay đổi đơn vị/chức vụ được ghi vào quá trình công tác từ ngày --date (mặc định hôm "
	 "nay) hoặc cột «Ngày bổ nhiệm».",
	 import_columns},
	{"export", cmd_export, "db= out= format= unit= subtree category= q= bom month=",
	 "export people --out TỆP.xlsx|TỆP.csv [--unit MÃ [--subtree]] [--category CC] [--bom]\n"
	 "       canbo export month MÃ_ĐƠN_VỊ --month MM/YYYY --out TỆP.xlsx|TỆP.csv [--bom]",
	 "Xuất danh sách nhân sự hoặc kết quả đánh giá tháng ra Excel (XLSX) hoặc CSV, sẵn sàng để in",
	 "Danh sách theo thứ tự tên tiếng Việt, có tiêu đề (đơn vị, ngày xuất), dòng tiêu đề cố "
	 "định, ngày sinh là ngày thật trong Excel. Định dạng theo đuôi tệp hoặc --format; CSV "
	 "dùng UTF-8, --bom thêm dấu BOM để Excel mở đúng tiếng Việt. Xuất từng phần nên không tốn "
	 "bộ nhớ dù danh sách rất dài.",
	 NULL},
	{"unit", cmd_unit,
	 "db= date= root= name= kind= sector= parent= from= decision= into= map= rest-to= to= top",
	 "unit tree|show|search|history|where|add|merge|split|dissolve|move|rename …",
	 "Cơ cấu tổ chức theo thời gian: xem, tìm, lịch sử, sáp nhập, chia tách, giải thể",
	 "  unit tree [--date NGÀY] [--root MÃ]          cây đơn vị tại một ngày\n"
	 "  unit show MÃ [--date NGÀY]                    thông tin một đơn vị\n"
	 "  unit search TỪ_KHÓA                           tìm theo tên/mã, không cần dấu\n"
	 "  unit history MÃ                               các phiên bản và sự kiện\n"
	 "  unit where MÃ                                 người của đơn vị cũ đã đi đâu\n"
	 "  unit add MÃ --name TÊN --kind LOẠI --sector KHỐI [--parent MÃ] [--from NGÀY]\n"
	 "  unit merge MÃ1,MÃ2 --into MÃ --date NGÀY [--decision SỐ]\n"
	 "  unit split MÃ --into MÃ1,MÃ2 --date NGÀY [--map NGƯỜI.csv] [--rest-to MÃ]\n"
	 "  unit dissolve MÃ --date NGÀY [--to MÃ]\n"
	 "  unit move MÃ --parent MÃ|--top --date NGÀY\n"
	 "  unit rename MÃ --name TÊN --date NGÀY\n\n"
	 "Khi sáp nhập, chia tách, giải thể: các đơn vị trực thuộc và người đang giữ chức vụ được "
	 "chuyển sang đơn vị nhận từ ngày hiệu lực; lịch sử cũ được giữ nguyên. Tệp --map của "
	 "split có hai cột: Mã (cán bộ), Mã đơn vị (nơi nhận).",
	 NULL},
	{"person", cmd_person,
	 "db= unit= subtree category= limit= offset= kind= position= from= to= decision= leader= "
	 "date= status=",
	 "person list|search|show|assign|end|status …",
	 "Hồ sơ cán bộ, công chức, viên chức và quá trình công tác",
	 "  person list [--unit MÃ [--subtree]] [--category CC] [--limit N] [--offset N]\n"
	 "  person search TỪ_KHÓA [--limit N]             tìm không cần dấu: \"nguyen van an\"\n"
	 "  person show MÃ                                hồ sơ và quá trình công tác\n"
	 "  person assign MÃ --unit MÃ --position CHỨC_VỤ --from NGÀY [--kind chính|kiêm "
	 "nhiệm|biệt phái] [--to NGÀY] [--decision SỐ] [--leader có|không]\n"
	 "  person end MÃ --unit MÃ --date NGÀY           kết thúc chức vụ tại đơn vị\n"
	 "  person status MÃ --status TRẠNG_THÁI --from NGÀY\n\n"
	 "Danh sách xếp theo tên, rồi tên đệm, rồi họ, theo thứ tự chữ cái tiếng Việt.",
	 NULL},
	/* ROW framework (owned by cli/cmd_framework.c) */
	{"framework", cmd_framework, "db= version= out= unit= file= all category= leader date=",
	 "framework list|show|export|import|derive|select …",
	 "Bộ tiêu chí đánh giá (khung) theo phiên bản: xem, xuất/nhập JSON, xây dựng khung riêng",
	 "  framework list [--all]                        các khung (--all: mọi phiên bản)\n"
	 "  framework show MÃ [--version N]               tiêu chí, điểm, xếp loại, tỷ lệ\n"
	 "  framework export MÃ [--version N] --out TỆP.json   (--out - in ra màn hình)\n"
	 "  framework import TỆP.json                     lưu một khung chung từ tệp JSON\n"
	 "  framework derive MÃ --unit ĐƠN_VỊ [--file THAY_ĐỔI.json] [--version N]\n"
	 "  framework select --category CC [--leader] [--unit ĐƠN_VỊ] [--date NGÀY]\n\n"
	 "Khung có sẵn: HN-3814 (Quyết định 3814-QĐ/TU của Thành ủy Hà Nội, từ 01/07/2018, mọi "
	 "đối tượng) và ND-335 (Nghị định 335/2025/NĐ-CP, từ 01/01/2026, công chức), dựng theo các "
	 "thông số hiện hành (canbo setting list). Mỗi lần sửa là một phiên bản mới; phiên bản đã "
	 "lưu không bao giờ bị sửa, nên đánh giá cũ luôn tính lại đúng như khi làm.\n"
	 "Khung áp dụng cho một người vào một ngày: trong các khung chung đang có hiệu lực với "
	 "đối tượng và chức vụ của họ, khung có ngày hiệu lực muộn nhất; nếu đơn vị của họ (hoặc "
	 "đơn vị cấp trên gần nhất) có khung riêng xây dựng từ khung đó thì dùng khung riêng.\n"
	 "derive: tệp thay đổi chỉ cần ghi các trường muốn đổi (nhóm, tiêu chí con, điểm trừ, "
	 "điểm thưởng, trường hợp xếp loại thấp nhất…), hoặc cả khung; khung riêng phải giữ tổng "
	 "điểm các nhóm, mức xếp loại và tỷ lệ không rộng hơn khung gốc. Định dạng JSON: "
	 "docs/frameworks.md.",
	 NULL},
	/* ROW setting (owned by cli/cmd_framework.c) */
	{"setting", cmd_setting, "db= unit=", "setting list|set|unset … [--unit MÃ]",
	 "Các thông số do địa phương quy định (hạn các bước, số ngày kiến nghị…)",
	 "  setting list [--unit MÃ]                      giá trị đang áp dụng và nguồn\n"
	 "  setting set THÔNG_SỐ GIÁ_TRỊ [THÔNG_SỐ GIÁ_TRỊ …] [--unit MÃ]\n"
	 "  setting unset THÔNG_SỐ [--unit MÃ]            bỏ giá trị riêng, dùng lại giá trị "
	 "chung\n\n"
	 "Giá trị là số nguyên. Không có --unit: đặt chung cho toàn hệ thống; có --unit: đơn vị "
	 "đó và các đơn vị trực thuộc dùng giá trị này (đơn vị gần nhất đặt giá trị được ưu "
	 "tiên). Các thông số của khung tiêu chí (hn3814.*, nd335.*, quota.*) chỉ đặt chung; "
	 "đổi chúng tạo phiên bản mới của khung có sẵn. Các thông số liên quan nhau đặt cùng một "
	 "lệnh, ví dụ: setting set nd335.general.a 15 nd335.general.c 5. Danh sách và ý nghĩa: "
	 "docs/settings.md.",
	 NULL},
	/* ROW period (owned by cli/cmd_eval.c) */
	{"period", cmd_period, "db= month= quiet", "period open|list|status …",
	 "Mở kỳ đánh giá tháng cho một đơn vị và các đơn vị trực thuộc; theo dõi tiến độ",
	 "  period open MÃ_ĐƠN_VỊ --month MM/YYYY     mở (hoặc cập nhật) kỳ đánh giá tháng\n"
	 "  period list                              các kỳ đã mở\n"
	 "  period status MÃ_ĐƠN_VỊ --month MM/YYYY   số bản đánh giá ở từng bước, số bước muộn hạn\n\n"
	 "Mỗi người đang công tác có chức vụ chính trong đơn vị (hoặc đơn vị trực thuộc) trong "
	 "tháng được tạo một bản đánh giá, với khung tiêu chí áp dụng theo phân loại, chức vụ lãnh "
	 "đạo và ngày đầu tháng. Người chuyển đến, chuyển đi trong tháng được đánh giá ở nơi giữ "
	 "chức vụ lâu nhất trong tháng. Người nhận xét là người đứng đầu đơn vị; người quyết định "
	 "là người đứng đầu đơn vị (với lãnh đạo, quản lý: người đứng đầu cấp trên). Chạy lại an "
	 "toàn: thêm người mới, cập nhật bản chưa tự đánh giá, không động đến bản đã sang bước sau.",
	 NULL},
	/* ROW eval (owned by cli/cmd_eval.c) */
	{"eval", cmd_eval,
	 "db= month= as= file= csv= bom grant= deny= ties= reason= outstanding score= top seed= "
	 "review quiet expect-version= date= level= decision= pending kind= from= to= note=",
	 "eval show|list|template|self|review|propose|whatif|decide|publish|object|answer|lock|"
	 "reopen|history|autoscore|discipline|flag …",
	 "Các bước đánh giá tháng: tự đánh giá, nhận xét, quyết định trong hạn mức, công khai, kiến "
	 "nghị, khóa",
	 "  eval show MÃ --month MM/YYYY                 phiếu đánh giá của một người\n"
	 "  eval list ĐƠN_VỊ --month MM/YYYY [--csv TỆP]  kết quả tháng của đơn vị (cả CSV)\n"
	 "  eval template MÃ --month MM/YYYY             mẫu tệp điểm (CSV) theo khung của người đó\n"
	 "  eval self MÃ --month … --file ĐIỂM.csv [--as MÃ]        tự đánh giá\n"
	 "  eval review MÃ --month … [--file ĐIỂM.csv] --as NGƯỜI_NHẬN_XÉT\n"
	 "  eval propose ĐƠN_VỊ --month … [--as THỦ_TRƯỞNG]   đề xuất xếp loại trong hạn mức\n"
	 "  eval whatif ĐƠN_VỊ --month … [--outstanding]     được xếp loại cao nhất tối đa bao nhiêu\n"
	 "  eval decide ĐƠN_VỊ --month … --as THỦ_TRƯỞNG [--grant MÃ,MÃ] [--deny MÃ] [--ties none]\n"
	 "              [--outstanding] [--reason \"…\"]\n"
	 "  eval publish ĐƠN_VỊ --month … --as THỦ_TRƯỞNG     công khai kết quả trong đơn vị\n"
	 "  eval object MÃ --month … --reason \"…\" [--as MÃ]  kiến nghị trong thời hạn\n"
	 "  eval answer MÃ --month … --as THỦ_TRƯỞNG --reason \"…\" [--score MÃ_TC=ĐIỂM,…] [--top]\n"
	 "  eval lock ĐƠN_VỊ --month … --as THỦ_TRƯỞNG        khóa (khi không còn kiến nghị)\n"
	 "  eval reopen MÃ --month … --as THỦ_TRƯỞNG --reason \"…\"   mở lại, về bước chờ quyết định\n"
	 "  eval history MÃ [--csv TỆP]                   quá trình đánh giá của một người\n"
	 "  eval autoscore ĐƠN_VỊ --month … --seed S [--review]   chấm tự động (thử nghiệm)\n"
	 "  eval discipline MÃ --date NGÀY --level khiển trách|cảnh cáo|… [--decision SỐ] [--pending]\n"
	 "  eval flag MÃ --kind maternity|pregnant|child_under_36m|degraded|unit_corruption\n"
	 "              --from NGÀY [--to NGÀY] [--note …]\n\n"
	 "Tệp điểm là CSV UTF-8 có dòng tiêu đề với cột «Mã tiêu chí», «Điểm» và (khi nhận xét "
	 "thay đổi điểm) «Lý do»; điểm viết 18 hoặc 18,5. Không có --as: lệnh chạy với quyền quản "
	 "trị viên; có --as MÃ: chạy với tư cách người đó và chỉ làm được bước của người đó. Người "
	 "đồng điểm ở ranh giới hạn mức không được canbo tự chọn: thủ trưởng chọn bằng --grant và "
	 "ghi lý do. Khi nhận xét, mỗi điểm khác điểm tự đánh giá phải có lý do.",
	 NULL},
	/* ROW task (owned by cli/cmd_eval.c) */
	{"task", cmd_task,
	 "db= month= as= title= product= coef= deadline= date= pass fail what= reason= by= unit= "
	 "position= code= name=",
	 "task add|done|review|waive|list|catalog …",
	 "Nhiệm vụ, sản phẩm công việc trong tháng (giao, hoàn thành, kiểm tra chất lượng, miễn trừ)",
	 "  task add MÃ --month MM/YYYY --title \"…\" --deadline NGÀY [--product MÃ_SP] [--coef 1,5]\n"
	 "           [--date NGÀY_GIAO] [--as NGƯỜI_GIAO]\n"
	 "  task done SỐ [--date NGÀY] [--as MÃ]          báo hoàn thành (sau hạn: tính một lần chậm)\n"
	 "  task review SỐ --pass|--fail [--as NGƯỜI_GIAO]  kiểm tra chất lượng\n"
	 "  task waive SỐ --what review|delay --reason \"…\" --by NGƯỜI_XÁC_NHẬN\n"
	 "  task list MÃ --month MM/YYYY                  nhiệm vụ và kết quả quy đổi\n"
	 "  task catalog add --position \"Chuyên viên\" --code MÃ --name \"…\" --coef 1,5 [--unit MÃ]\n"
	 "  task catalog list [--unit MÃ]                 danh mục sản phẩm theo vị trí việc làm\n\n"
	 "Kết quả thực hiện nhiệm vụ (Nghị định 335/2025): số lượng, chất lượng, tiến độ theo hệ số "
	 "quy đổi; mỗi lần không đạt yêu cầu trừ 25% điểm chất lượng, mỗi lần chậm trừ 25% điểm "
	 "tiến độ của sản phẩm đó, trừ khi có nguyên nhân khách quan được cấp có thẩm quyền xác nhận.",
	 NULL},
	/* ROW annual (owned by cli/cmd_eval.c) */
	{"annual", cmd_annual, "db= year= csv= bom grant= reason=", "annual run|show …",
	 "Xếp loại cả năm từ kết quả các tháng (Nghị định 90/2020, 48/2023)",
	 "  annual run ĐƠN_VỊ --year YYYY [--grant MÃ,… --reason \"…\"]   xếp loại (chạy lại được)\n"
	 "  annual show ĐƠN_VỊ --year YYYY [--csv TỆP]                   kết quả và hệ quả\n\n"
	 "Điểm năm là bình quân điểm các tháng; dưới 6 tháng công tác không xếp loại (trừ nghỉ thai "
	 "sản); vắng từ 3 đến dưới 6 tháng tối đa hoàn thành nhiệm vụ; bị kỷ luật trong năm là "
	 "không hoàn thành nhiệm vụ; tỷ lệ hoàn thành xuất sắc theo quy định. Cảnh báo: 2 năm liên "
	 "tiếp không hoàn thành nhiệm vụ; lãnh đạo 2 lần trong nhiệm kỳ; người khác 2 lần trong 3 "
	 "năm — trừ khi đang mang thai, nuôi con dưới 36 tháng hoặc đang xem xét kỷ luật.",
	 NULL},
	{"audit", cmd_audit, "db=", "audit verify [--db TỆP]",
	 "Kiểm tra tính toàn vẹn của nhật ký thay đổi (chuỗi băm)",
	 "Báo bản ghi đầu tiên bị sửa, xoá hoặc đảo thứ tự. Thoát với mã 1 nếu nhật ký không "
	 "toàn vẹn.",
	 NULL},
	/* ROW backup, restore, migrate (owned by cli/cmd_backup.c) */
	{"backup", cmd_backup, "db= out= force allow-broken-audit quiet",
	 "backup --out TỆP.db [--db NGUỒN] [--force] [--allow-broken-audit] [--quiet]",
	 "Sao lưu toàn bộ cơ sở dữ liệu (SQLite hoặc PostgreSQL) ra một tệp SQLite, khi máy chủ "
	 "vẫn đang chạy",
	 "Đọc nguồn trong một ảnh chụp nhất quán (máy chủ vẫn ghi bình thường) và ghi ra tệp mới "
	 "TỆP.db, cũng là một cơ sở dữ liệu canbo: canbo --db TỆP.db audit verify, hay canbo serve "
	 "--db TỆP.db đều dùng được. Trước khi giữ tệp, canbo đọc lại từng bảng và đối chiếu số "
	 "dòng và nội dung với nguồn, kiểm tra chuỗi băm của nhật ký thay đổi và mã băm cuối; nếu "
	 "có gì sai, tệp không được tạo. Không ghi đè tệp đã có trừ khi --force. Nhật ký thay đổi "
	 "của nguồn không toàn vẹn thì từ chối, trừ khi --allow-broken-audit (sao chép nguyên "
	 "trạng). Tài liệu: docs/backup.md.",
	 NULL},
	{"restore", cmd_restore, "db= from= replace allow-broken-audit quiet",
	 "restore --from TỆP.db --db ĐÍCH [--replace] [--allow-broken-audit] [--quiet]",
	 "Khôi phục một bản sao lưu vào tệp SQLite mới hoặc cơ sở dữ liệu PostgreSQL trống",
	 "ĐÍCH là đường dẫn tệp SQLite (chưa có) hoặc URL postgres://… của một cơ sở dữ liệu trống "
	 "(tạo bằng createdb -T template0 -E UTF8 --locale=C TÊN). Tất cả hoặc không gì cả: bản "
	 "khôi phục được đối chiếu từng bảng với bản sao lưu và kiểm tra nhật ký thay đổi trước "
	 "khi được giữ. ĐÍCH đã có dữ liệu thì từ chối, trừ khi --replace: với PostgreSQL dữ liệu "
	 "cũ bị xóa trong cùng giao dịch, với SQLite tệp được thay thế nguyên khối (dừng canbo "
	 "serve trước). Sau khi kiểm tra, một bản ghi «database.restore» được thêm vào nhật ký "
	 "thay đổi của ĐÍCH.",
	 NULL},
	{"migrate", cmd_migrate, "db= to= replace allow-broken-audit quiet",
	 "migrate --db NGUỒN.db --to postgres://… [--replace] [--allow-broken-audit] [--quiet]",
	 "Chuyển cơ sở dữ liệu SQLite sang PostgreSQL, kiểm tra số dòng và nhật ký thay đổi",
	 "Như restore, với nguồn là cơ sở dữ liệu đang dùng (--db) và đích là PostgreSQL (--to). "
	 "Nguồn được đọc trong một ảnh chụp nhất quán; những gì ghi vào nguồn sau đó không được "
	 "chuyển, nên hãy dừng canbo serve trên nguồn trước khi chuyển. Thêm một bản ghi "
	 "«database.migrate» vào nhật ký thay đổi của đích.",
	 NULL},
	{"serve", cmd_serve, "db= listen= threads= max-connections= access-log= trust-proxy quiet",
	 "serve [--db TỆP] [--listen 127.0.0.1:8080] [--threads N] [--max-connections N] "
	 "[--access-log TỆP|-] [--trust-proxy]",
	 "Chạy máy chủ web (API JSON tại /api/v1) trên cơ sở dữ liệu",
	 "Lắng nghe ở --listen (mặc định 127.0.0.1:8080; cổng 0 để chọn cổng trống và in ra). Mỗi "
	 "yêu cầu được ghi một dòng JSON vào nhật ký truy cập (mặc định ra stderr). SIGTERM hoặc "
	 "Ctrl+C: ngừng nhận kết nối mới, chờ các yêu cầu đang xử lý hoàn tất rồi dừng. "
	 "--trust-proxy khi chạy sau nginx: lấy địa chỉ người dùng từ X-Forwarded-For và bật cookie "
	 "Secure khi X-Forwarded-Proto là https. Tài liệu API: GET /api/v1/openapi.json.",
	 NULL},
	{"user", cmd_user, "db= role= person= scope= password=",
	 "user add TÊN --role staff|reviewer|head|hr|viewer|admin [--person MÃ] [--scope MÃ_ĐƠN_VỊ] "
	 "[--password MK]\n"
	 "       canbo user reset|disable|enable TÊN [--password MK]\n"
	 "       canbo user list",
	 "Quản lý người dùng đăng nhập web: vai trò, người gắn với tài khoản, phạm vi đơn vị",
	 "Người dùng gắn với một người (--person) — người đó tự đánh giá, nhận xét hoặc quyết định — "
	 "và có thể bị giới hạn trong một cây đơn vị (--scope). Không có --password thì canbo sinh "
	 "mật khẩu ban đầu ngẫu nhiên và in ra; người dùng phải đổi khi đăng nhập lần đầu. reset "
	 "đặt mật khẩu ban đầu mới, mở khoá và kết thúc các phiên cũ; disable khoá tài khoản.",
	 NULL},
	{"token", cmd_token, "db= name= write",
	 "token add TÊN_ĐĂNG_NHẬP --name TÊN_KHOÁ [--write]\n"
	 "       canbo token revoke SỐ\n"
	 "       canbo token list [TÊN_ĐĂNG_NHẬP]",
	 "Khoá truy cập API cho hệ thống khác (ví dụ một cửa), chỉ đọc trừ khi --write",
	 "Khoá được in ra một lần; canbo chỉ lưu mã băm của nó. Khoá mang vai trò và phạm vi của "
	 "người dùng; khoá chỉ đọc chỉ được GET. revoke thu hồi ngay.",
	 NULL},
	{"help", cmd_help, "", "help [LỆNH]", "Hướng dẫn sử dụng", "", NULL},
	{"version", cmd_version, "", "version", "In phiên bản", "", NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
