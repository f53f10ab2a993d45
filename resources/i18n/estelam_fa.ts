<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa" sourcelanguage="en">
<context>
    <name>AccountHeader</name>
    <message>
        <source>MoU %1, valid until %2</source>
        <translation>تفاهم‌نامه %1، معتبر تا %2</translation>
    </message>
    <message>
        <source>Inquiries left today: %1</source>
        <translation>استعلام باقی‌مانده امروز: %1</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>Row</source>
        <translation>ردیف</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>مقدار در فایل</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Bulk inquiry</source>
        <translation>استعلام گروهی</translation>
    </message>
    <message>
        <source>Inquire about everyone in a spreadsheet: check the preview, then run.</source>
        <translation>استعلام همه افراد یک فایل صفحه‌گسترده: پیش‌نمایش را بررسی و سپس اجرا کنید.</translation>
    </message>
    <message>
        <source>Drop a spreadsheet here (xlsx, xls, ods, csv or text),
or open one below.</source>
        <translation>فایل صفحه‌گسترده (xlsx، xls، ods، csv یا متنی) را اینجا رها کنید
یا از دکمه زیر باز کنید.</translation>
    </message>
    <message>
        <source>Open a file…</source>
        <translation>باز کردن فایل…</translation>
    </message>
    <message>
        <source>Paste IDs from the clipboard</source>
        <translation>چسباندن کدهای ملی از حافظه</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>منبع</translation>
    </message>
    <message>
        <source>National ID column</source>
        <translation>ستون کد ملی</translation>
    </message>
    <message>
        <source>Case reference per row</source>
        <translation>شماره پرونده هر ردیف</translation>
    </message>
    <message>
        <source>Case reference</source>
        <translation>شماره پرونده</translation>
    </message>
    <message>
        <source>The case file or letter number</source>
        <translation>شماره پرونده یا نامه</translation>
    </message>
    <message>
        <source>Rows that will not be inquired about</source>
        <translation>ردیف‌هایی که استعلام نمی‌شوند</translation>
    </message>
    <message>
        <source>Run the inquiry</source>
        <translation>اجرای استعلام</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>شروع دوباره</translation>
    </message>
    <message>
        <source>Unfinished bulk inquiries: resume one, and only the rows not yet answered are sent.</source>
        <translation>استعلام‌های گروهی ناتمام: یکی را ادامه دهید؛ فقط ردیف‌هایی که هنوز پاسخ نگرفته‌اند فرستاده می‌شوند.</translation>
    </message>
    <message>
        <source>Unfinished bulk inquiries</source>
        <translation>استعلام‌های گروهی ناتمام</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>ادامه</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>کنار گذاشتن</translation>
    </message>
    <message>
        <source>Open a spreadsheet</source>
        <translation>باز کردن صفحه‌گسترده</translation>
    </message>
    <message>
        <source>Spreadsheets (%1)</source>
        <translation>صفحه‌گسترده‌ها (%1)</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>حافظه موقت متنی ندارد.</translation>
    </message>
    <message>
        <source>None: the one reference below for all</source>
        <translation>هیچ: یک شماره پرونده (زیر) برای همه</translation>
    </message>
    <message>
        <source>column %1</source>
        <translation>ستون %1</translation>
    </message>
    <message>
        <source>sheet %1</source>
        <translation>برگه %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <source>Pasted from the clipboard</source>
        <translation>چسبانده‌شده از حافظه</translation>
    </message>
    <message>
        <source>%1 to inquire, %2 invalid, %3 duplicates, %4 empty rows skipped</source>
        <translation>%1 برای استعلام، %2 نامعتبر، %3 تکراری، %4 ردیف خالی کنار گذاشته شد</translation>
    </message>
    <message>
        <source>%1, case %2</source>
        <translation>%1، پرونده %2</translation>
    </message>
    <message>
        <source>The batch uses %1 inquiries of your quota.</source>
        <translation>این استعلام گروهی %1 استعلام از سهمیه شما را مصرف می‌کند.</translation>
    </message>
    <message>
        <source>%1 are left today.</source>
        <translation>امروز %1 استعلام باقی مانده است.</translation>
    </message>
    <message>
        <source>Rows that will not be inquired about: %1</source>
        <translation>ردیف‌هایی که استعلام نمی‌شوند: %1</translation>
    </message>
    <message>
        <source>%1, case %2: %3 of %4 answered</source>
        <translation>%1، پرونده %2: %3 از %4 پاسخ گرفته</translation>
    </message>
    <message>
        <source>%1 rows failed after several tries. Retry them when the service is back.</source>
        <translation>%1 ردیف پس از چند تلاش ناموفق ماند. وقتی سامانه در دسترس بود دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Done: all %1 rows answered.</source>
        <translation>انجام شد: همه %1 ردیف پاسخ گرفت.</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>خروجی گرفتن از نتایج</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>در %1 ذخیره شد</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>There is no certificate with this tracking code.</source>
        <translation>گواهی‌ای با این کد رهگیری وجود ندارد.</translation>
    </message>
    <message>
        <source>This tracking code is locked after too many wrong usage passwords. The person must obtain a new certificate.</source>
        <translation>این کد رهگیری پس از چند رمز بهره‌برداری نادرست قفل شده است. شخص باید گواهی تازه بگیرد.</translation>
    </message>
    <message>
        <source>This certificate has expired. The person must obtain a new one.</source>
        <translation>این گواهی منقضی شده است. شخص باید گواهی تازه بگیرد.</translation>
    </message>
    <message>
        <source>The SSO has revoked this certificate.</source>
        <translation>تأمین اجتماعی این گواهی را باطل کرده است.</translation>
    </message>
    <message>
        <source>The SSO refused to hand over this certificate.</source>
        <translation>تأمین اجتماعی از تحویل این گواهی خودداری کرد.</translation>
    </message>
    <message>
        <source>The username or password is wrong.</source>
        <translation>نام کاربری یا گذرواژه نادرست است.</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. Try again later.</source>
        <translation>این حساب پس از چند گذرواژه نادرست قفل شده است. بعداً دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The one-time code is wrong. Check the SMS and try again.</source>
        <translation>کد یک‌بارمصرف نادرست است. پیامک را بررسی کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The one-time code has expired. Go back and sign in again.</source>
        <translation>کد یک‌بارمصرف منقضی شده است. بازگردید و دوباره وارد شوید.</translation>
    </message>
    <message>
        <source>Too many wrong codes. Go back and sign in again.</source>
        <translation>کدهای نادرست زیادی وارد شد. بازگردید و دوباره وارد شوید.</translation>
    </message>
    <message>
        <source>This sign-in attempt is no longer valid. Sign in again.</source>
        <translation>این تلاش ورود دیگر معتبر نیست. دوباره وارد شوید.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>نشست شما پایان یافته است. لطفاً دوباره وارد شوید.</translation>
    </message>
    <message>
        <source>The server did not accept your sign-in.</source>
        <translation>سرور ورود شما را نپذیرفت.</translation>
    </message>
    <message>
        <source>Your agency&apos;s agreement does not allow this action.</source>
        <translation>تفاهم‌نامه دستگاه شما اجازه این کار را نمی‌دهد.</translation>
    </message>
    <message>
        <source>Your agency&apos;s daily inquiry quota is used up.</source>
        <translation>سهمیه استعلام روزانه دستگاه شما تمام شده است.</translation>
    </message>
    <message>
        <source>The server is busy with your agency&apos;s requests. Try again.</source>
        <translation>سرور درگیر درخواست‌های دستگاه شماست. دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The server rejected this national ID.</source>
        <translation>سرور این کد ملی را نپذیرفت.</translation>
    </message>
    <message>
        <source>Enter the case reference this inquiry is made for.</source>
        <translation>شماره پرونده‌ای را که این استعلام برای آن است وارد کنید.</translation>
    </message>
    <message>
        <source>The server rejected the request.</source>
        <translation>سرور درخواست را نپذیرفت.</translation>
    </message>
    <message>
        <source>The SSO service had a problem. Try again in a moment.</source>
        <translation>سامانه تأمین اجتماعی با خطا روبه‌رو شد. لحظاتی بعد دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The SSO service did not answer in time. Try again.</source>
        <translation>سامانه تأمین اجتماعی به‌موقع پاسخ نداد. دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Cannot reach the SSO service. Check the network or the server address.</source>
        <translation>ارتباط با سامانه تأمین اجتماعی برقرار نشد. شبکه یا نشانی سرور را بررسی کنید.</translation>
    </message>
    <message>
        <source>The SSO service refused the request.</source>
        <translation>سامانه تأمین اجتماعی درخواست را رد کرد.</translation>
    </message>
    <message>
        <source>The file no longer exists.</source>
        <translation>این فایل دیگر وجود ندارد.</translation>
    </message>
    <message>
        <source>The file cannot be read. Check that it is not open elsewhere.</source>
        <translation>فایل خوانده نمی‌شود. مطمئن شوید در برنامه دیگری باز نیست.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>فایل خالی است.</translation>
    </message>
    <message>
        <source>This is not a spreadsheet. Use an xlsx, xls, ods, csv or text file.</source>
        <translation>این فایل صفحه‌گسترده نیست. از فایل xlsx، xls، ods، csv یا متنی استفاده کنید.</translation>
    </message>
    <message>
        <source>The spreadsheet is damaged. Save it again from its program and retry.</source>
        <translation>فایل صفحه‌گسترده آسیب دیده است. آن را دوباره در برنامه خودش ذخیره کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The spreadsheet is protected with a password. Save a copy without it.</source>
        <translation>فایل صفحه‌گسترده با گذرواژه محافظت شده است. نسخه‌ای بدون گذرواژه ذخیره کنید.</translation>
    </message>
    <message>
        <source>The file holds data that is not text. Save it again as CSV or xlsx.</source>
        <translation>فایل داده‌های غیرمتنی دارد. آن را دوباره به‌صورت CSV یا xlsx ذخیره کنید.</translation>
    </message>
    <message>
        <source>The file is too large to import.</source>
        <translation>فایل برای ورود بیش از حد بزرگ است.</translation>
    </message>
    <message>
        <source>The sheet has more rows than one batch takes. Split it into smaller files.</source>
        <translation>تعداد ردیف‌های برگه بیش از ظرفیت یک استعلام گروهی است. آن را به فایل‌های کوچک‌تر تقسیم کنید.</translation>
    </message>
    <message>
        <source>There is no such sheet.</source>
        <translation>چنین برگه‌ای وجود ندارد.</translation>
    </message>
    <message>
        <source>There is no such column.</source>
        <translation>چنین ستونی وجود ندارد.</translation>
    </message>
    <message>
        <source>No column of national IDs was found. Choose the column yourself.</source>
        <translation>ستون کد ملی پیدا نشد. ستون را خودتان انتخاب کنید.</translation>
    </message>
    <message>
        <source>More than one column could hold the national IDs. Choose one.</source>
        <translation>بیش از یک ستون ممکن است کد ملی باشد. یکی را انتخاب کنید.</translation>
    </message>
    <message>
        <source>No system keyring is available: you will stay signed in only until the app closes.</source>
        <translation>گاوصندوق رمز سیستم در دسترس نیست: فقط تا بسته شدن برنامه وارد می‌مانید.</translation>
    </message>
    <message>
        <source>The system keyring is locked: you will stay signed in only until the app closes.</source>
        <translation>گاوصندوق رمز سیستم قفل است: فقط تا بسته شدن برنامه وارد می‌مانید.</translation>
    </message>
    <message>
        <source>The same ID as row %1.</source>
        <translation>همان کد ملی ردیف %1.</translation>
    </message>
    <message>
        <source>Enter the tracking code.</source>
        <translation>کد رهگیری را وارد کنید.</translation>
    </message>
    <message>
        <source>This tracking code is mistyped: it has 12 digits, the last a check digit.</source>
        <translation>کد رهگیری اشتباه وارد شده است: ۱۲ رقم دارد و رقم آخر آن رقم کنترل است.</translation>
    </message>
    <message>
        <source>Enter the usage password.</source>
        <translation>رمز بهره‌برداری را وارد کنید.</translation>
    </message>
    <message>
        <source>A usage password has 8 Latin letters and digits.</source>
        <translation>رمز بهره‌برداری ۸ حرف و رقم لاتین دارد.</translation>
    </message>
    <message>
        <source>The revocation list could not be verified for the trust in use; it was not kept.</source>
        <translation>فهرست ابطال با مرجع اعتماد فعلی تأیید نشد و نگه داشته نشد.</translation>
    </message>
    <message>
        <source>The usage password is wrong. Tries left before the code locks: %1.</source>
        <translation>رمز بهره‌برداری نادرست است. تلاش‌های باقی‌مانده پیش از قفل شدن کد: %1.</translation>
    </message>
    <message>
        <source>Something went wrong. The details below help the support desk.</source>
        <translation>خطایی رخ داد. جزئیات زیر به پشتیبانی کمک می‌کند.</translation>
    </message>
</context>
<context>
    <name>InquiryView</name>
    <message>
        <source>Status inquiry</source>
        <translation>استعلام وضعیت بیمه</translation>
    </message>
    <message>
        <source>Ask the SSO whether a person is insured or draws a pension.</source>
        <translation>از تأمین اجتماعی بپرسید که آیا شخص بیمه‌شده یا مستمری‌بگیر است.</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Case reference</source>
        <translation>شماره پرونده</translation>
    </message>
    <message>
        <source>10 digits, Persian or Latin</source>
        <translation>۱۰ رقم، فارسی یا لاتین</translation>
    </message>
    <message>
        <source>The case file or letter number</source>
        <translation>شماره پرونده یا نامه</translation>
    </message>
    <message>
        <source>Inquire</source>
        <translation>استعلام</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>%1 yr, %2 mo, %3 d</source>
        <translation>%1 سال، %2 ماه، %3 روز</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Estelam Desk</source>
        <translation>میز استعلام</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Status inquiry</source>
        <translation>استعلام وضعیت بیمه</translation>
    </message>
    <message>
        <source>Bulk inquiry</source>
        <translation>استعلام گروهی</translation>
    </message>
    <message>
        <source>Redeem a certificate</source>
        <translation>دریافت گواهی با کد رهگیری</translation>
    </message>
    <message>
        <source>Check certificates</source>
        <translation>بررسی گواهی‌ها</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>خروج از حساب</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>بستن برنامه</translation>
    </message>
    <message>
        <source>About Estelam Desk</source>
        <translation>درباره میز استعلام</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>صفحه‌ها</translation>
    </message>
    <message>
        <source>%1 %2
Social-insurance status inquiries for agency clerks.</source>
        <translation>%1 %2
استعلام وضعیت بیمه تأمین اجتماعی برای کارشناسان دستگاه‌ها.</translation>
    </message>
</context>
<context>
    <name>NationalIdEdit</name>
    <message>
        <source>Valid national ID</source>
        <translation>کد ملی معتبر است</translation>
    </message>
</context>
<context>
    <name>RedeemView</name>
    <message>
        <source>Redeem a certificate</source>
        <translation>دریافت گواهی با کد رهگیری</translation>
    </message>
    <message>
        <source>Enter the tracking code and the usage password the person gave you.</source>
        <translation>کد رهگیری و رمز بهره‌برداری را که شخص به شما داده است وارد کنید.</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>Usage password</source>
        <translation>رمز بهره‌برداری</translation>
    </message>
    <message>
        <source>Fetch and verify</source>
        <translation>دریافت و بررسی</translation>
    </message>
    <message>
        <source>Compare the name and the date of birth with the person&apos;s ID card.</source>
        <translation>نام و تاریخ تولد را با کارت ملی شخص مقایسه کنید.</translation>
    </message>
    <message>
        <source>Save the certificate…</source>
        <translation>ذخیره گواهی…</translation>
    </message>
    <message>
        <source>Print the certificate…</source>
        <translation>چاپ گواهی…</translation>
    </message>
    <message>
        <source>Save the verification report…</source>
        <translation>ذخیره گزارش بررسی…</translation>
    </message>
    <message>
        <source>Print the verification report…</source>
        <translation>چاپ گزارش بررسی…</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>بررسی‌ها</translation>
    </message>
    <message>
        <source>Born %1</source>
        <translation>متولد %1</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>شماره سریال</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>ذخیره گواهی</translation>
    </message>
    <message>
        <source>Save the verification report</source>
        <translation>ذخیره گزارش بررسی</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Father&apos;s name</source>
        <translation>نام پدر</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>تاریخ تولد</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>Insurance number</source>
        <translation>شماره بیمه</translation>
    </message>
    <message>
        <source>Insurance kind</source>
        <translation>نوع بیمه</translation>
    </message>
    <message>
        <source>Last contribution month</source>
        <translation>آخرین ماه پرداخت حق بیمه</translation>
    </message>
    <message>
        <source>Total insurance record</source>
        <translation>سابقه کل بیمه</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>کارگاه</translation>
    </message>
    <message>
        <source>Workshop ID</source>
        <translation>کد کارگاه</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>شعبه</translation>
    </message>
    <message>
        <source>Pension kind</source>
        <translation>نوع مستمری</translation>
    </message>
    <message>
        <source>Status as of</source>
        <translation>وضعیت در تاریخ</translation>
    </message>
    <message>
        <source>Inquiry ID</source>
        <translation>شناسه استعلام</translation>
    </message>
    <message>
        <source>No insurance record for this ID</source>
        <translation>برای این کد ملی سابقه بیمه‌ای یافت نشد</translation>
    </message>
</context>
<context>
    <name>Results</name>
    <message>
        <source>Row</source>
        <extracomment>The filters a clerk picks from, and the outcomes each one shows.</extracomment>
        <translation>ردیف</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Insurance number</source>
        <translation>شماره بیمه</translation>
    </message>
    <message>
        <source>Last contribution month</source>
        <translation>آخرین ماه پرداخت حق بیمه</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>توضیح</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Retry the failed rows</source>
        <translation>تلاش دوباره برای ردیف‌های ناموفق</translation>
    </message>
    <message>
        <source>New bulk inquiry</source>
        <translation>استعلام گروهی تازه</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>خروجی اکسل…</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>خروجی CSV…</translation>
    </message>
    <message>
        <source>Printable report (PDF)…</source>
        <translation>گزارش چاپی (PDF)…</translation>
    </message>
    <message>
        <source>Search by ID, name or number</source>
        <translation>جست‌وجو با کد ملی، نام یا شماره</translation>
    </message>
    <message>
        <source>Search the results</source>
        <translation>جست‌وجو در نتایج</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>نتایج</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>همه ردیف‌ها</translation>
    </message>
    <message>
        <source>Insured</source>
        <translation>بیمه‌شده</translation>
    </message>
    <message>
        <source>Pensioners</source>
        <translation>مستمری‌بگیران</translation>
    </message>
    <message>
        <source>Dependents</source>
        <translation>افراد تحت تکفل</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>یافت نشد</translation>
    </message>
    <message>
        <source>Invalid or duplicate</source>
        <translation>نامعتبر یا تکراری</translation>
    </message>
    <message>
        <source>Failed or waiting</source>
        <translation>ناموفق یا در انتظار</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>ادامه</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>توقف موقت</translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation>%1 از %2 پاسخ گرفت</translation>
    </message>
    <message>
        <source>%1 a second</source>
        <translation>%1 در ثانیه</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>حدود %1 مانده</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 ناموفق</translation>
    </message>
    <message>
        <source>insured</source>
        <translation>بیمه‌شده</translation>
    </message>
    <message>
        <source>pensioners</source>
        <translation>مستمری‌بگیر</translation>
    </message>
    <message>
        <source>dependents</source>
        <translation>تحت تکفل</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>یافت نشد</translation>
    </message>
    <message>
        <source>invalid or duplicate</source>
        <translation>نامعتبر یا تکراری</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>در انتظار</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <source>Sign in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Sign in with your agency account on the SSO panel.</source>
        <translation>با حساب کاربری دستگاه خود در پنل تأمین اجتماعی وارد شوید.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>سرور</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>نشانی سرور</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>کد یک‌بارمصرف</translation>
    </message>
    <message>
        <source>Keep me signed in on this computer</source>
        <translation>در این رایانه وارد بمانم</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>بازگشت</translation>
    </message>
    <message>
        <source>Use the demo account</source>
        <translation>استفاده از حساب نمایشی</translation>
    </message>
    <message>
        <source>Another server…</source>
        <translation>سرور دیگر…</translation>
    </message>
    <message>
        <source>Demo server (built in)</source>
        <translation>سرور نمایشی (داخلی)</translation>
    </message>
    <message>
        <source>Demo mode: sign in as %1 with password %2; the one-time code is %3.</source>
        <translation>حالت نمایشی: با نام کاربری %1 و گذرواژه %2 وارد شوید؛ کد یک‌بارمصرف %3 است.</translation>
    </message>
    <message>
        <source>Enter the server, your username and your password.</source>
        <translation>سرور، نام کاربری و گذرواژه را وارد کنید.</translation>
    </message>
    <message>
        <source>We sent a one-time code by SMS to %1. Enter it below.</source>
        <translation>کد یک‌بارمصرف با پیامک به %1 فرستاده شد. آن را در زیر وارد کنید.</translation>
    </message>
    <message>
        <source>The one-time code has 6 digits.</source>
        <translation>کد یک‌بارمصرف ۶ رقم دارد.</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <source>Trust: TEST authority (demo and testing only, never for real cases)</source>
        <translation>اعتماد: مرجع آزمایشی (فقط برای نمایش و آزمون، هرگز برای پرونده واقعی)</translation>
    </message>
    <message>
        <source>Trust: SSO production authority</source>
        <translation>اعتماد: مرجع اصلی تأمین اجتماعی</translation>
    </message>
    <message>
        <source>No revocation list: a withdrawn certificate cannot be recognised.</source>
        <translation>فهرست ابطال موجود نیست: گواهی ابطال‌شده تشخیص داده نمی‌شود.</translation>
    </message>
    <message>
        <source>Revocation list updated less than an hour ago.</source>
        <translation>فهرست ابطال کمتر از یک ساعت پیش به‌روز شده است.</translation>
    </message>
    <message>
        <source>Revocation list updated %1 hours ago.</source>
        <translation>فهرست ابطال %1 ساعت پیش به‌روز شده است.</translation>
    </message>
    <message>
        <source>Revocation list updated %1 days ago.</source>
        <translation>فهرست ابطال %1 روز پیش به‌روز شده است.</translation>
    </message>
    <message>
        <source>It is too old: update it while online.</source>
        <translation>قدیمی است: هنگام اتصال به شبکه آن را به‌روز کنید.</translation>
    </message>
</context>
<context>
    <name>VerifyView</name>
    <message>
        <source>File</source>
        <extracomment>Files verified per round trip to the worker: the table grows in steps, not per file.</extracomment>
        <translation>فایل</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>شماره سریال</translation>
    </message>
    <message>
        <source>Check certificates offline</source>
        <translation>بررسی آفلاین گواهی‌ها</translation>
    </message>
    <message>
        <source>Certificate PDFs, or scans and photos of printouts. Nothing is sent anywhere.</source>
        <translation>فایل PDF گواهی یا تصویر اسکن و عکس نسخه چاپی. چیزی به جایی فرستاده نمی‌شود.</translation>
    </message>
    <message>
        <source>Drop certificate files or folders here.</source>
        <translation>فایل‌ها یا پوشه‌های گواهی را اینجا رها کنید.</translation>
    </message>
    <message>
        <source>Open files…</source>
        <translation>باز کردن فایل‌ها…</translation>
    </message>
    <message>
        <source>Open a folder…</source>
        <translation>باز کردن پوشه…</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>پاک کردن فهرست</translation>
    </message>
    <message>
        <source>Export the results…</source>
        <translation>خروجی گرفتن از نتایج…</translation>
    </message>
    <message>
        <source>Update the revocation list</source>
        <translation>به‌روزرسانی فهرست ابطال</translation>
    </message>
    <message>
        <source>Checked files</source>
        <translation>فایل‌های بررسی‌شده</translation>
    </message>
    <message>
        <source>Checks of the selected file</source>
        <translation>بررسی‌های فایل انتخاب‌شده</translation>
    </message>
    <message>
        <source>Sign in first: the revocation list comes from the SSO.</source>
        <translation>ابتدا وارد شوید: فهرست ابطال از تأمین اجتماعی دریافت می‌شود.</translation>
    </message>
    <message>
        <source>Open certificates</source>
        <translation>باز کردن گواهی‌ها</translation>
    </message>
    <message>
        <source>Certificates (*.pdf *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>گواهی‌ها (*.pdf *.png *.jpg *.jpeg);;همه فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Open a folder of certificates</source>
        <translation>باز کردن پوشه گواهی‌ها</translation>
    </message>
    <message>
        <source>No certificate files were found there.</source>
        <translation>فایل گواهی در آنجا پیدا نشد.</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>خروجی گرفتن از نتایج</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>در %1 ذخیره شد</translation>
    </message>
    <message>
        <source>%1 files checked, %2 genuine.</source>
        <translation>%1 فایل بررسی شد، %2 اصیل.</translation>
    </message>
</context>
</TS>
