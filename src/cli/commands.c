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
	{"demo", cmd_demo, "db= force", "demo [--db demo.db] [--force]",
	 "Tạo dữ liệu mẫu (một thành phố sau sắp xếp 2025) và in nội dung",
	 "Tạo tệp demo.db (hoặc --db) với cơ cấu tổ chức và vài trăm cán bộ mẫu, gồm một quận cũ đã "
	 "giải thể và các phường cũ sáp nhập ngày 01/07/2025. Nếu tệp đã có thì chỉ in nội dung; "
	 "--force để tạo lại từ đầu.",
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
	{"audit", cmd_audit, "db=", "audit verify [--db TỆP]",
	 "Kiểm tra tính toàn vẹn của nhật ký thay đổi (chuỗi băm)",
	 "Báo bản ghi đầu tiên bị sửa, xoá hoặc đảo thứ tự. Thoát với mã 1 nếu nhật ký không "
	 "toàn vẹn.",
	 NULL},
	{"help", cmd_help, "", "help [LỆNH]", "Hướng dẫn sử dụng", "", NULL},
	{"version", cmd_version, "", "version", "In phiên bản", "", NULL},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
