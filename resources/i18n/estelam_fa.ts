<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>Estelam Desk %1
Social-insurance status inquiries for agency clerks.</source>
        <translation>میز استعلام، نسخهٔ %1
استعلام وضعیت بیمه تأمین اجتماعی برای کارشناسان دستگاه‌ها.</translation>
    </message>
    <message>
        <source>Qt %1, PySide6 %2, Python %3</source>
        <translation>بر پایهٔ Qt %1، PySide6 %2 و Python %3</translation>
    </message>
    <message>
        <source>Commit %1, built %2</source>
        <translation>کامیت %1، ساخته‌شده در %2</translation>
    </message>
    <message>
        <source>Source checkout, commit %1</source>
        <translation>اجرا از کد منبع، کامیت %1</translation>
    </message>
    <message>
        <source>Source checkout</source>
        <translation>اجرا از کد منبع</translation>
    </message>
</context>
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
    <name>AgencyRecordTab</name>
    <message>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Case reference</source>
        <translation>شماره پرونده</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Server reference</source>
        <translation>مرجع سامانه</translation>
    </message>
    <message>
        <source>Fetch the agency&apos;s record</source>
        <translation>دریافت سوابق دستگاه</translation>
    </message>
    <message>
        <source>The agency&apos;s record at the SSO</source>
        <translation>سوابق دستگاه نزد سازمان</translation>
    </message>
    <message>
        <source>What the SSO recorded for your agency: every clerk&apos;s inquiries and redeems, national IDs masked. It cannot be changed from this computer; your own lines are checked against this computer&apos;s trail.</source>
        <translation>آنچه سازمان تأمین اجتماعی برای دستگاه شما ثبت کرده است: استعلام‌ها و دریافت گواهی‌های همهٔ کاربران، با کد ملی پوشیده. از این رایانه تغییرپذیر نیست؛ ردیف‌های خود شما با دفتر این رایانه سنجیده می‌شوند.</translation>
    </message>
    <message>
        <source>Sign in to see the agency&apos;s record at the SSO.</source>
        <translation>برای دیدن سوابق دستگاه نزد سازمان، وارد شوید.</translation>
    </message>
    <message>
        <source>✓ Each of your %1 look-ups in the SSO&apos;s record has its record on this computer.</source>
        <translation>✓ هر یک از %1 استعلام شما در سابقهٔ سازمان، رکورد خود را در این رایانه دارد.</translation>
    </message>
    <message>
        <source>⚠ %1 of your %2 look-ups the SSO recorded have no record on this computer (%3): removed here, or made from another computer.</source>
        <translation>⚠ %1 مورد از %2 استعلام شما که سازمان ثبت کرده، در این رایانه رکوردی ندارد (%3): یا این‌جا حذف شده یا از رایانهٔ دیگری انجام شده است.</translation>
    </message>
    <message>
        <source>Only lines since %1 were compared.</source>
        <translation>فقط ردیف‌های پس از %1 سنجیده شدند.</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>گواهی دریافت شد</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Open</source>
        <translation>باز کردن</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>نمایش در پوشه</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>در %1 ذخیره شد</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>Bulk inquiry</source>
        <translation>استعلام گروهی</translation>
    </message>
    <message>
        <source>Inquire about everyone in a spreadsheet: check the preview, then run.</source>
        <translation>استعلام همه افراد یک فایل صفحه‌گسترده: پیش‌نمایش را بررسی و سپس اجرا کنید.</translation>
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
        <source>The server has not answered for %1 minutes, so the inquiry is paused. Nothing is lost: resume it when the service is back.</source>
        <translation>سرور %1 دقیقه است که پاسخی نداده است؛ از این رو استعلام متوقف شد. هیچ اطلاعاتی از دست نرفته است: پس از برقراری مجدد سرویس، آن را ادامه دهید.</translation>
    </message>
    <message>
        <source>%1, case %2</source>
        <translation>%1، پرونده %2</translation>
    </message>
    <message>
        <source>This list is being inquired about in another window or by a command on this computer. Wait for that run to end, then run it here: only the rows it left unanswered are sent.</source>
        <translation>این فهرست هم‌اکنون در پنجره‌ای دیگر یا با فرمانی روی همین رایانه در حال استعلام است. صبر کنید آن اجرا تمام شود، سپس آن را اینجا اجرا کنید: فقط ردیف‌هایی که بی‌پاسخ مانده‌اند فرستاده می‌شوند.</translation>
    </message>
    <message>
        <source>This list was already inquired about on %1 and every row has its answer: the results are below, ready to export, and nothing was sent. To ask about everyone again, choose “Ask about every row again”.</source>
        <translation>این فهرست پیش‌تر در %1 استعلام شده و همهٔ ردیف‌ها پاسخ دارند: نتایج در زیر آمادهٔ خروجی گرفتن است و چیزی فرستاده نشد. برای استعلام دوبارهٔ همه، «استعلام دوبارهٔ همهٔ ردیف‌ها» را بزنید.</translation>
    </message>
    <message>
        <source>%1 rows failed after several tries. Retry them when the service is back.</source>
        <translation>%1 ردیف پس از چند تلاش ناموفق ماند. وقتی سامانه در دسترس بود دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Done: all %1 rows answered.</source>
        <translation>انجام شد: همه %1 ردیف پاسخ گرفت.</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>The camera cannot be used (%1). Close other programs that may be using it.</source>
        <translation>از دوربین نمی‌توان استفاده کرد (%1). برنامه‌های دیگری را که شاید از آن استفاده می‌کنند ببندید.</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>اسکن با دوربین</translation>
    </message>
    <message>
        <source>Hold the certificate&apos;s QR code up to the camera.</source>
        <translation>کد QR گواهی را جلوی دوربین بگیرید.</translation>
    </message>
    <message>
        <source>That QR code is not a certificate&apos;s: show the one on the certificate.</source>
        <translation>این کد QR از آنِ گواهی نیست: کد QR چاپ‌شده روی گواهی را نشان دهید.</translation>
    </message>
    <message>
        <source>A picture could not be read; still looking.</source>
        <translation>تصویری خوانده نشد؛ جست‌وجو ادامه دارد.</translation>
    </message>
</context>
<context>
    <name>CodeStep</name>
    <message>
        <source>One-time code</source>
        <translation>رمز یک‌بارمصرف</translation>
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
        <source>We sent a one-time code by SMS to %1. Enter it below.</source>
        <translation>رمز یک‌بارمصرف با پیامک به %1 فرستاده شد. آن را در زیر وارد کنید.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>There is no certificate with this tracking code.</source>
        <extracomment>The translation context of every sentence here.</extracomment>
        <translation>گواهی‌ای با این کد رهگیری وجود ندارد.</translation>
    </message>
    <message>
        <source>The tracking code or the usage password is wrong. Check both with the person; a few wrong usage passwords lock the code.</source>
        <translation>کد رهگیری یا رمز بهره‌برداری نادرست است. هر دو را با شخص بررسی کنید؛ چند رمز بهره‌برداری نادرست کد را قفل می‌کند.</translation>
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
        <source>This is locked for now. Try again later.</source>
        <translation>این مورد فعلاً قفل است. بعداً دوباره تلاش کنید.</translation>
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
        <source>The server does not offer this service. Check the server address.</source>
        <translation>سرور این خدمت را ارائه نمی‌دهد. نشانی سرور را بررسی کنید.</translation>
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
        <source>The server&apos;s certificate is not trusted, so nothing was sent.</source>
        <translation>گواهی امنیتی سرور معتبر شناخته نشد، بنابراین چیزی ارسال نشد.</translation>
    </message>
    <message>
        <source>The proxy could not forward the connection.</source>
        <translation>پراکسی نتوانست اتصال را برقرار کند.</translation>
    </message>
    <message>
        <source>Plain http:// is allowed only to this computer. Use the server&apos;s https:// address.</source>
        <translation>نشانی http:// ساده فقط برای همین رایانه مجاز است. نشانی https:// سرور را به کار ببرید.</translation>
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
        <source>If your agency&apos;s network inspects secure connections, add its CA certificate in Settings.</source>
        <translation>اگر شبکهٔ دستگاه شما اتصال‌های امن را بازرسی می‌کند، گواهی مرجع (CA) آن را در تنظیمات اضافه کنید.</translation>
    </message>
    <message>
        <source>Check the proxy in Settings.</source>
        <translation>پراکسی را در تنظیمات بررسی کنید.</translation>
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
        <source>The app&apos;s data folder cannot be written (it is read-only), so nothing more was sent. What was answered is kept; make the folder writable, then try again.</source>
        <translation>در پوشهٔ داده‌های برنامه نمی‌توان نوشت (فقط‌خواندنی است)، پس چیز دیگری فرستاده نشد. پاسخ‌های دریافت‌شده نگه داشته شده‌اند؛ پوشه را نوشتنی کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The disk holding the app&apos;s data is full, so nothing more was sent. What was answered is kept; free some space, then try again: nothing is charged twice.</source>
        <translation>دیسک داده‌های برنامه پر است، پس چیز دیگری فرستاده نشد. پاسخ‌های دریافت‌شده نگه داشته شده‌اند؛ کمی فضا آزاد کنید و دوباره تلاش کنید: هیچ استعلامی دو بار از سهمیه کم نمی‌شود.</translation>
    </message>
    <message>
        <source>The app&apos;s data folder cannot be opened, so nothing was sent. Check the disk, then try again.</source>
        <translation>پوشهٔ داده‌های برنامه باز نمی‌شود، پس چیزی فرستاده نشد. دیسک را بررسی کنید و دوباره تلاش کنید.</translation>
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
        <source>The sheet reaches column %1 and row %2: more cells than an import takes (at most %3). Delete the cells far outside the list and try again.</source>
        <translation>این برگه تا ستون %1 و ردیف %2 می‌رسد: بیش از خانه‌هایی که یک بارگذاری می‌پذیرد (حداکثر %3). خانه‌های دور از فهرست را پاک کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The spreadsheet could not be read within the memory and time allowed: it is damaged, or has cells far outside its list. Save it again from its program, keeping only the list, and retry.</source>
        <translation>صفحه‌گسترده در حافظه و زمان مجاز خوانده نشد: یا آسیب دیده است یا خانه‌هایی دور از فهرست دارد. آن را با برنامهٔ خودش دوباره ذخیره کنید، فقط با فهرست، و دوباره تلاش کنید.</translation>
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
        <source>Too many failed attempts. Wait %1 seconds, then try again.</source>
        <translation>تلاش‌های ناموفق بیش از حد بوده است. %1 ثانیه صبر کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>Your agency&apos;s agreement does not grant the %1 permission.</source>
        <translation>تفاهم‌نامه دستگاه شما مجوز %1 را نمی‌دهد.</translation>
    </message>
    <message>
        <source>The proxy address is not valid. Write it as http://host:port.</source>
        <translation>نشانی پراکسی درست نیست. آن را به شکل http://host:port بنویسید.</translation>
    </message>
    <message>
        <source>This file cannot be used as a CA bundle: choose a PEM certificate file.</source>
        <translation>این فایل را نمی‌توان به‌عنوان گواهی مرجع به کار برد: یک فایل گواهی PEM انتخاب کنید.</translation>
    </message>
    <message>
        <source>Something went wrong. The details below help the support desk.</source>
        <translation>خطایی رخ داد. جزئیات زیر به پشتیبانی کمک می‌کند.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>کاربر</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Case reference</source>
        <translation>شماره پرونده</translation>
    </message>
    <message>
        <source>National ID</source>
        <translation>کد ملی</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Server reference</source>
        <translation>مرجع سامانه</translation>
    </message>
    <message>
        <source>History</source>
        <translation>سوابق استعلام</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>در این رایانه</translation>
    </message>
    <message>
        <source>Agency record at the SSO</source>
        <translation>سوابق دستگاه نزد سازمان</translation>
    </message>
    <message>
        <source>From</source>
        <translation>از تاریخ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>تا تاریخ</translation>
    </message>
    <message>
        <source>From (Jalali date)</source>
        <translation>از تاریخ (شمسی)</translation>
    </message>
    <message>
        <source>To (Jalali date)</source>
        <translation>تا تاریخ (شمسی)</translation>
    </message>
    <message>
        <source>10 digits, Persian or Latin</source>
        <translation>۱۰ رقم، فارسی یا لاتین</translation>
    </message>
    <message>
        <source>All or part of it</source>
        <translation>تمام یا بخشی از آن</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>پاک کردن</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>خروجی اکسل…</translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation>خروجی PDF…</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>رکوردها</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <source>“%1” is not a Jalali date; write it as %2.</source>
        <translation>«%1» تاریخ شمسی معتبری نیست؛ آن را به شکل %2 بنویسید.</translation>
    </message>
    <message>
        <source>The first day comes after the last.</source>
        <translation>تاریخ شروع پس از تاریخ پایان است.</translation>
    </message>
    <message>
        <source>The newest %1 records</source>
        <translation>%1 رکورد آخر</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 رکورد</translation>
    </message>
    <message>
        <source>Audit trail %1.</source>
        <translation>دفتر ثبت استعلام‌ها %1.</translation>
    </message>
    <message>
        <source>Your look-ups of a person&apos;s data made from this computer.</source>
        <translation>استعلام‌های شما از اطلاعات اشخاص که از این رایانه انجام شده است.</translation>
    </message>
    <message>
        <source>Sign in to see your history.</source>
        <translation>برای دیدن سابقهٔ خود وارد شوید.</translation>
    </message>
    <message>
        <source>Audit trail %1. Tell your supervisor.</source>
        <translation>دفتر ثبت استعلام‌ها %1. موضوع را به سرپرست خود اطلاع دهید.</translation>
    </message>
    <message>
        <source>The kept details of %1 records do not match what the trail recorded.</source>
        <translation>جزئیات نگه‌داشته‌شدهٔ %1 رکورد با آنچه دفتر ثبت کرده نمی‌خواند.</translation>
    </message>
    <message>
        <source>⚠ does not match the trail</source>
        <translation>⚠ با دفتر نمی‌خواند</translation>
    </message>
    <message>
        <source>purged</source>
        <translation>حذف‌شده</translation>
    </message>
    <message>
        <source>Choose a record to see what was asked and answered.</source>
        <translation>برای دیدن آنچه استعلام و پاسخ داده شده، یک رکورد را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Record %1: %2 by %3</source>
        <translation>رکورد %1: %2 توسط %3</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>هدف</translation>
    </message>
    <message>
        <source>The personal details of this look-up were removed under the retention period; the record itself stays.</source>
        <translation>اطلاعات شخصی این استعلام طبق مدت نگهداری حذف شده است؛ خود رکورد باقی است.</translation>
    </message>
    <message>
        <source>The details were removed a moment ago.</source>
        <translation>جزئیات همین لحظه حذف شد.</translation>
    </message>
    <message>
        <source>⚠ These details do not match what the audit trail recorded for this look-up: they were changed afterwards. Tell your supervisor.</source>
        <translation>⚠ این جزئیات با آنچه دفتر رویدادها برای این استعلام ثبت کرده نمی‌خواند: بعداً تغییر داده شده‌اند. به سرپرست خود اطلاع دهید.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>نتیجه بررسی</translation>
    </message>
    <message>
        <source>Insurance number</source>
        <translation>شماره بیمه</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>شماره سریال</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>کد رهگیری</translation>
    </message>
    <message>
        <source>File</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>Export the records</source>
        <translation>خروجی گرفتن از رکوردها</translation>
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
    <message>
        <source>Save the answer as PDF</source>
        <translation>ذخیرهٔ پاسخ به‌صورت PDF</translation>
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
    <name>LocalData</name>
    <message>
        <source>Wipe local data</source>
        <translation>پاک‌کردن داده‌های این رایانه</translation>
    </message>
    <message>
        <source>A bulk inquiry is running. Let it finish, or cancel it on the bulk inquiry screen, then wipe.</source>
        <translation>یک استعلام گروهی در حال اجراست. بگذارید تمام شود یا آن را در صفحهٔ استعلام گروهی لغو کنید، سپس داده‌ها را پاک کنید.</translation>
    </message>
    <message>
        <source>Remove the personal data kept on this computer now?</source>
        <translation>اطلاعات شخصی نگهداری‌شده در این رایانه هم‌اکنون پاک شود؟</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>پاک شود</translation>
    </message>
    <message>
        <source>Removed: every bulk inquiry with its rows and answers, finished or not; the lists of national IDs you pasted; the national IDs and answers kept in the history (its record of who looked up what, when and why stays, without them); what is on screen. You are signed out and the remembered sign-in is forgotten.

Kept: the files you exported or saved (spreadsheets, reports, certificates) wherever you saved them; delete those yourself if they must go. Also kept: your preferences and the cached trust and revocation lists, which hold no personal data.</source>
        <translation>پاک می‌شود: همهٔ استعلام‌های گروهی با ردیف‌ها و پاسخ‌هایشان، چه تمام‌شده و چه ناتمام؛ فهرست‌های کد ملی که جای‌گذاری کرده‌اید؛ کدهای ملی و پاسخ‌هایی که در سابقه نگه داشته شده‌اند (ثبت این‌که چه کسی، چه وقت و برای چه استعلام کرده، بدون آن‌ها می‌ماند)؛ آنچه روی صفحه است. از حساب خارج می‌شوید و ورود به‌خاطرسپرده‌شده فراموش می‌شود.

می‌ماند: فایل‌هایی که خروجی گرفته یا ذخیره کرده‌اید (صفحه‌گسترده‌ها، گزارش‌ها، گواهی‌ها) در هر جا که ذخیره شده‌اند؛ اگر باید حذف شوند، خودتان آن‌ها را پاک کنید. همچنین تنظیمات شما و فهرست‌های ذخیره‌شدهٔ اعتماد و ابطال که اطلاعات شخصی ندارند، می‌مانند.</translation>
    </message>
    <message>
        <source>Local data wiped: %1 bulk inquiries and %2 pasted lists removed.</source>
        <translation>داده‌های این رایانه پاک شد: %1 استعلام گروهی و %2 فهرست جای‌گذاری‌شده حذف شد.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Estelam Desk is locked</source>
        <translation>میز استعلام قفل است</translation>
    </message>
    <message>
        <source>Locked to keep personal data private. Enter your password to go on.</source>
        <translation>برای حفظ محرمانگی اطلاعات شخصی قفل شده است. برای ادامه گذرواژهٔ خود را وارد کنید.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>بازکردن قفل</translation>
    </message>
    <message>
        <source>Someone else? Only this clerk can unlock. You may sign them out instead: their work on screen is closed; running bulk inquiries stop and stay resumable.</source>
        <translation>کاربر دیگری هستید؟ فقط همین کارمند می‌تواند قفل را باز کند. به جای آن می‌توانید او را از حساب خارج کنید: کارهای روی صفحه بسته می‌شود و استعلام‌های گروهی در حال اجرا متوقف می‌شوند و بعداً قابل ادامه‌اند.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>خروج از حساب</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>گذرواژهٔ خود را وارد کنید.</translation>
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
        <source>History</source>
        <translation>سوابق استعلام</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>تنظیمات…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>خروج از حساب</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>قفل کردن</translation>
    </message>
    <message>
        <source>Scan a QR code</source>
        <translation>اسکن کد QR</translation>
    </message>
    <message>
        <source>Wipe local data…</source>
        <translation>پاک‌کردن داده‌های این رایانه…</translation>
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
        <source>Welcome and demo…</source>
        <translation>خوش‌آمدگویی و نسخهٔ نمایشی…</translation>
    </message>
    <message>
        <source>Copy diagnostics for support</source>
        <translation>کپی اطلاعات عیب‌یابی برای پشتیبانی</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>باز کردن پوشهٔ فایل‌های رویدادنگاری</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;فایل</translation>
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
</context>
<context>
    <name>NationalIdEdit</name>
    <message>
        <source>Valid national ID</source>
        <translation>کد ملی معتبر است</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Shortcut: %1</source>
        <translation>میان‌بر: %1</translation>
    </message>
</context>
<context>
    <name>NetworkSection</name>
    <message>
        <source>Network</source>
        <translation>شبکه</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>پراکسی</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>نشانی پراکسی</translation>
    </message>
    <message>
        <source>As the system sets it (environment)</source>
        <translation>طبق تنظیم سیستم (متغیرهای محیطی)</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>بدون پراکسی</translation>
    </message>
    <message>
        <source>This proxy…</source>
        <translation>این پراکسی…</translation>
    </message>
    <message>
        <source>Extra CA certificates</source>
        <translation>گواهی‌های مرجع افزوده</translation>
    </message>
    <message>
        <source>None</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Connections are always encrypted and their certificates checked. If your agency&apos;s network inspects secure connections, add its CA certificate (a PEM file): it is trusted in addition to the usual ones. Changes apply from the next sign-in.</source>
        <translation>اتصال‌ها همیشه رمزنگاری می‌شوند و گواهی آن‌ها بررسی می‌شود. اگر شبکهٔ دستگاه شما اتصال‌های امن را بازرسی می‌کند، گواهی مرجع (CA) آن را به‌صورت فایل PEM اضافه کنید؛ این گواهی در کنار گواهی‌های معمول معتبر شمرده می‌شود. تغییرات از ورود بعدی اعمال می‌شوند.</translation>
    </message>
    <message>
        <source>Enter the proxy address.</source>
        <translation>نشانی پراکسی را وارد کنید.</translation>
    </message>
    <message>
        <source>Choose a CA certificate file</source>
        <translation>انتخاب فایل گواهی مرجع</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>گواهی‌ها (*.pem *.crt *.cer);;همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Added to the trusted certificates for the next sign-in.</source>
        <translation>از ورود بعدی به گواهی‌های مورد اعتماد افزوده می‌شود.</translation>
    </message>
</context>
<context>
    <name>PasswordThenCode</name>
    <message>
        <source>The one-time code has 6 digits.</source>
        <translation>رمز یک‌بارمصرف ۶ رقم دارد.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Demo server (built in)</source>
        <translation>سرور نمایشی (داخلی)</translation>
    </message>
    <message>
        <source>SSO test server</source>
        <translation>سرور آزمایشی سازمان تأمین اجتماعی</translation>
    </message>
    <message>
        <source>SSO server</source>
        <translation>سرور سازمان تأمین اجتماعی</translation>
    </message>
    <message>
        <source>Another server…</source>
        <translation>سرور دیگر…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
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
        <source>%1 to inquire</source>
        <translation>%1 برای استعلام</translation>
    </message>
    <message>
        <source>%1 invalid</source>
        <translation>%1 نامعتبر</translation>
    </message>
    <message>
        <source>%1 duplicate</source>
        <translation>%1 تکراری</translation>
    </message>
    <message>
        <source>%1 duplicates</source>
        <translation>%1 تکراری</translation>
    </message>
    <message>
        <source>%1 empty row skipped</source>
        <translation>%1 ردیف خالی کنار گذاشته شد</translation>
    </message>
    <message>
        <source>%1 empty rows skipped</source>
        <translation>%1 ردیف خالی کنار گذاشته شد</translation>
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
        <source>None: the one reference below for all</source>
        <translation>هیچ: یک شماره پرونده (زیر) برای همه</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>پوشه</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>درایو</translation>
    </message>
    <message>
        <source>File</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>فایل %1</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;جستجو در:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;نوع فایل‌ها:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;نام فایل:</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>نمایش فایل‌های &amp;پنهان</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>فایل‌ها</translation>
    </message>
    <message>
        <source>File</source>
        <translation>فایل</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>پوشهٔ فایل‌ها</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
فایل یافت نشد.
درستی نام فایل را بررسی کنید.</translation>
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
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>چاپ…</translation>
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
    <name>ResultsExport</name>
    <message>
        <source>Export the results</source>
        <translation>خروجی گرفتن از نتایج</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>در حال ساختن %1</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was written.</source>
        <translation>ساختن خروجی لغو شد؛ هیچ فایلی نوشته نشد.</translation>
    </message>
</context>
<context>
    <name>RootCard</name>
    <message>
        <source>Valid from %1 to %2</source>
        <translation>معتبر از %1 تا %2</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>اثر انگشت SHA-256</translation>
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
        <source>Ask about every row again</source>
        <translation>استعلام دوبارهٔ همهٔ ردیف‌ها</translation>
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
        <source>Paused</source>
        <translation>در توقف موقت</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>لغو شد</translation>
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
        <source>waiting for the server to answer again…</source>
        <translation>در انتظار پاسخ مجدد سرور…</translation>
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
    <name>Scan</name>
    <message>
        <source>Handheld scanner</source>
        <translation>اسکنر دستی</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>دوربین</translation>
    </message>
    <message>
        <source>The code scanned is not a certificate&apos;s QR code. Scan the QR code printed on the certificate.</source>
        <translation>کد اسکن‌شده کد QR گواهی نیست. کد QR چاپ‌شده روی گواهی را اسکن کنید.</translation>
    </message>
    <message>
        <source>The scan arrived incomplete or garbled: scan the code again.</source>
        <translation>اسکن ناقص یا مخدوش رسید: کد را دوباره اسکن کنید.</translation>
    </message>
</context>
<context>
    <name>ScanBar</name>
    <message>
        <source>Scan a &amp;QR code:</source>
        <translation>اسکن &amp;کد QR:</translation>
    </message>
    <message>
        <source>Point the handheld scanner at the printout&apos;s QR code</source>
        <translation>اسکنر دستی را به سوی کد QR برگهٔ چاپی بگیرید</translation>
    </message>
    <message>
        <source>QR code from a handheld scanner</source>
        <translation>کد QR از اسکنر دستی</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>اسکن با دوربین</translation>
    </message>
    <message>
        <source>Camera support is not installed on this computer.</source>
        <translation>پشتیبانی دوربین روی این رایانه نصب نیست.</translation>
    </message>
    <message>
        <source>No camera is connected to this computer.</source>
        <translation>هیچ دوربینی به این رایانه وصل نیست.</translation>
    </message>
</context>
<context>
    <name>ScanClaims</name>
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
        <source>Issued</source>
        <translation>زمان صدور</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>معتبر تا</translation>
    </message>
    <message>
        <source>Not checked, as a scan proves its QR code only: %1.</source>
        <translation>بررسی نشد، زیرا تصویر اسکن تنها کد QR خود را اثبات می‌کند: %1.</translation>
    </message>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Changes are saved and take effect as you make them.</source>
        <translation>هر تغییر همان لحظه ذخیره و اعمال می‌شود.</translation>
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
        <source>Appearance</source>
        <translation>ظاهر</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>پوسته</translation>
    </message>
    <message>
        <source>As the system (light or dark)</source>
        <translation>مطابق سیستم (روشن یا تیره)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>روشن</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>تیره</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>حریم خصوصی</translation>
    </message>
    <message>
        <source>Keep local results for</source>
        <translation>نگهداری نتایج در این رایانه به مدت</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 روز</translation>
    </message>
    <message>
        <source>Lock the window after</source>
        <translation>قفل شدن پنجره پس از</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>%1 minutes without use</source>
        <translation>%1 دقیقه بی‌استفاده ماندن</translation>
    </message>
    <message>
        <source>Not a server address: write it as https://host or https://host:port.</source>
        <translation>این نشانی سرور نیست: آن را به شکل https://host یا https://host:port بنویسید.</translation>
    </message>
</context>
<context>
    <name>ShowToggle</name>
    <message>
        <source>Show</source>
        <translation>نمایش</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>نمایش رمز</translation>
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
        <source>Keep me signed in on this computer</source>
        <translation>در این رایانه وارد بمانم</translation>
    </message>
    <message>
        <source>Use the demo account</source>
        <translation>استفاده از حساب نمایشی</translation>
    </message>
    <message>
        <source>Demo mode: sign in as %1 with password %2; the one-time code is %3.</source>
        <translation>حالت نمایشی: با نام کاربری %1 و گذرواژه %2 وارد شوید؛ کد یک‌بارمصرف %3 است.</translation>
    </message>
    <message>
        <source>The demo server is starting; its account will be shown here.</source>
        <translation>سرور نمایشی در حال راه‌اندازی است؛ حساب کاربری آن همین‌جا نشان داده می‌شود.</translation>
    </message>
    <message>
        <source>Enter the server, your username and your password.</source>
        <translation>سرور، نام کاربری و گذرواژه را وارد کنید.</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
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
        <source>%1, case %2: %3 of %4 answered</source>
        <translation>%1، پرونده %2: %3 از %4 پاسخ گرفته</translation>
    </message>
</context>
<context>
    <name>Support</name>
    <message>
        <source>Something went wrong</source>
        <extracomment>Log lines a diagnostics report carries. A bulk inquiry that ran longer than this, in seconds, is worth a notification. A settings key that looks like this is never copied into a report. Runs that stopped for one of these need the clerk; a pause or a stop they made does not.</extracomment>
        <translation>خطایی پیش آمد</translation>
    </message>
    <message>
        <source>An unexpected error occurred (%1). Your data is safe; you can keep working. If it happens again, copy the diagnostics and send them to support.</source>
        <translation>خطای پیش‌بینی‌نشده‌ای رخ داد (%1). داده‌های شما محفوظ است و می‌توانید به کار ادامه دهید. اگر این خطا تکرار شد، اطلاعات عیب‌یابی را کپی کنید و برای پشتیبانی بفرستید.</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>کپی اطلاعات عیب‌یابی</translation>
    </message>
    <message>
        <source>Bulk inquiry finished</source>
        <translation>استعلام گروهی به پایان رسید</translation>
    </message>
    <message>
        <source>Bulk inquiry stopped</source>
        <translation>استعلام گروهی متوقف شد</translation>
    </message>
    <message>
        <source>%1 answered, %2 failed, %3 waiting.</source>
        <translation>%1 پاسخ‌داده‌شده، %2 ناموفق، %3 در انتظار.</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
</context>
<context>
    <name>TrustSection</name>
    <message>
        <source>Certificates</source>
        <translation>گواهی‌ها</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>اعتماد</translation>
    </message>
    <message>
        <source>TEST authority (demo and testing)</source>
        <translation>مرجع آزمایشی (برای نمایش و آزمون)</translation>
    </message>
    <message>
        <source>SSO production authority</source>
        <translation>مرجع اصلی تأمین اجتماعی</translation>
    </message>
    <message>
        <source>Trusted roots of this profile</source>
        <translation>گواهی‌های ریشهٔ مورد اعتماد این نمایه</translation>
    </message>
    <message>
        <source>No root is installed for this profile: no certificate can be VALID under it.</source>
        <translation>برای این نمایه هیچ گواهی ریشه‌ای نصب نشده است: هیچ گواهی‌ای با آن «معتبر» شناخته نمی‌شود.</translation>
    </message>
    <message>
        <source>Certificates signed under the TEST authority (the demo server&apos;s) are VALID. Never use this profile for real cases.</source>
        <translation>گواهی‌هایی که زیر مرجع آزمایشی (مرجع سرور نمایشی) امضا شده‌اند «معتبر» شناخته می‌شوند. هرگز این نمایه را برای پرونده‌های واقعی به کار نبرید.</translation>
    </message>
    <message>
        <source>Only certificates signed under the SSO&apos;s production authority are VALID.</source>
        <translation>فقط گواهی‌هایی که زیر مرجع اصلی تأمین اجتماعی امضا شده‌اند «معتبر» شناخته می‌شوند.</translation>
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
        <source>%1 files checked, %2 genuine.</source>
        <translation>%1 فایل بررسی شد، %2 اصیل.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome</source>
        <translation>خوش آمدید</translation>
    </message>
    <message>
        <source>Welcome to Estelam Desk</source>
        <translation>به میز استعلام خوش آمدید</translation>
    </message>
    <message>
        <source>Sign in with your agency account on the SSO panel, then do any of these three jobs:</source>
        <translation>با حساب کاربری دستگاه خود در پنل تأمین اجتماعی وارد شوید؛ سپس می‌توانید این سه کار را انجام دهید:</translation>
    </message>
    <message>
        <source>Status inquiry</source>
        <translation>استعلام وضعیت بیمه</translation>
    </message>
    <message>
        <source>Learn whether a person is insured or draws a pension: one person by national ID, or everyone in a spreadsheet at once.</source>
        <translation>بیمه‌شده یا مستمری‌بگیر بودن اشخاص را استعلام کنید: یک نفر با کد ملی، یا همهٔ افراد یک فایل اکسل به‌یک‌باره.</translation>
    </message>
    <message>
        <source>Redeem a certificate</source>
        <translation>دریافت گواهی با کد رهگیری</translation>
    </message>
    <message>
        <source>Fetch the certificate a person obtained from the SSO portal, with the tracking code and usage password they give you, and see it proven genuine.</source>
        <translation>گواهی‌ای را که شخص از درگاه تأمین اجتماعی گرفته است، با کد رهگیری و رمز بهره‌برداری‌ای که به شما می‌دهد دریافت کنید و اصالت آن را ببینید.</translation>
    </message>
    <message>
        <source>Check certificates</source>
        <translation>بررسی گواهی‌ها</translation>
    </message>
    <message>
        <source>Check certificate files, or scans of printouts, without a network connection.</source>
        <translation>فایل گواهی‌ها یا تصویر اسکن‌شدهٔ نسخهٔ چاپی آن‌ها را بدون اتصال به شبکه بررسی کنید.</translation>
    </message>
    <message>
        <source>The demo server is running: its account is shown on the sign-in screen.</source>
        <translation>سرور نمایشی در حال اجراست؛ حساب کاربری آن در صفحهٔ ورود نشان داده شده است.</translation>
    </message>
    <message>
        <source>No account yet? Try the demo: a practice server built into the app, with made-up people. Nothing is sent to the SSO.</source>
        <translation>هنوز حساب کاربری ندارید؟ نسخهٔ نمایشی را امتحان کنید: سروری تمرینی درون برنامه با اشخاص ساختگی. هیچ اطلاعاتی برای تأمین اجتماعی فرستاده نمی‌شود.</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>امتحان نسخهٔ نمایشی</translation>
    </message>
    <message>
        <source>Get started</source>
        <translation>شروع کار</translation>
    </message>
</context>
</TS>
